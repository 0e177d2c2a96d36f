import { describe, expect, it } from 'vitest';
import { ChannelHealth } from '../../src/bot/channel-health.js';
import { InvalidRequestWatch, isInvalidRequest } from '../../src/bot/invalid-requests.js';
import type { Logger } from '../../src/shared/logger.js';

/** A logger that keeps its warnings. */
function recordingLog() {
  const warnings: string[] = [];
  const log = {
    warn: (_o: unknown, msg: string) => void warnings.push(msg),
    info: () => {},
    debug: () => {},
    error: () => {},
  } as unknown as Logger;
  return { log, warnings };
}

describe("Discord's invalid-request limit, as the bot watches it", () => {
  it('counts 401, 403 and 429 (not shared-scope 429s), like Discord', () => {
    expect([401, 403, 429, 404, 400, 500].map((s) => isInvalidRequest(s, null))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(isInvalidRequest(429, 'shared')).toBe(false);
  });

  it('warns once when the 10-minute count reaches the warning level, and is under pressure until it falls', () => {
    const { log, warnings } = recordingLog();
    const watch = new InvalidRequestWatch(log, 3);
    const t0 = 1_000_000;
    watch.record(t0);
    watch.record(t0 + 1);
    expect(watch.pressure(t0 + 2)).toBe(false);
    watch.record(t0 + 2);
    watch.record(t0 + 3);
    expect(warnings).toHaveLength(1);
    expect(watch.pressure(t0 + 4)).toBe(true);
    expect(watch.inWindow(t0 + 10 * 60_000 + 5)).toBe(0);
    expect(watch.pressure(t0 + 10 * 60_000 + 5)).toBe(false);
  });
});

describe('channels that refuse the bot', () => {
  it('a second 403 in a row suspends posting; a success in between does not', () => {
    const h = new ChannelHealth(recordingLog().log, 60_000);
    expect(h.refused('c1', 403, 50013, 0)).toBe(false);
    h.ok('c1');
    expect(h.refused('c1', 403, 50013, 1)).toBe(false);
    expect(h.suspended('c1', 2)).toBe(false);
    expect(h.refused('c1', 403, 50001, 3)).toBe(true);
    expect(h.suspended('c1', 4)).toBe(true);
    expect(h.report(4)).toMatchObject([{ channelId: 'c1', state: 'suspended' }]);
    expect(h.suspended('c1', 60_004)).toBe(false);
  });

  it('404 Unknown Channel suspends at once; other 404s do not count', () => {
    const h = new ChannelHealth(recordingLog().log);
    expect(h.refused('c2', 404, 10008, 0)).toBe(false);
    expect(h.refused('c2', 404, 10003, 0)).toBe(true);
  });

  it('an interaction showing the permissions back lifts a suspension', () => {
    const h = new ChannelHealth(recordingLog().log);
    h.refused('c3', 403, 50013, 0);
    h.refused('c3', 403, 50013, 0);
    h.noteMissing('c4', ['Send Messages'], 0);
    expect(h.report(1).map((p) => p.channelId)).toEqual(['c3', 'c4']);
    h.noteAllowed('c3');
    expect(h.suspended('c3', 2)).toBe(false);
    expect(h.report(2).map((p) => p.channelId)).toEqual(['c4']);
  });
});
