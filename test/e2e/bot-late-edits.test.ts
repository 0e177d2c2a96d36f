import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';

let w: BotWorld;
const WINDOW_MS = 1_500;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    // Discord's "older than 1 hour" shrunk to 1.5 s, no late edit allowed: 30046 as Discord sends it (a 429).
    standIn: { editWindowMs: WINDOW_MS, lateEditLimit: 0, lateEditRetryAfterMs: 30_000 },
    env: { LABOPS_EDIT_INTERVAL_MS: '250' },
  });
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

let n = 0;
async function ping(message: string) {
  const s = w.standIn;
  const d = await s.dispatchCommand({ name: 'ping', options: { message: `${message} n=${n++}` } });
  const content = await s.waitFor(() => {
    const c = s.interactionResponse(d.id)?.original?.message.content;
    return c?.includes('#') ? c : undefined;
  }, 10_000);
  return /#([\w-]+)/.exec(content)![1]!;
}
const results = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`**#${jobId}**`));
/** Messages that were this job's status message at some point (replaced ones now point at the newer). */
const statuses = (jobId: string) =>
  w.standIn
    .messagesIn()
    .filter((m) => m.history.some((h) => h.embeds?.[0]?.footer?.text?.includes(`#${jobId}`)));
const late = (since: number) =>
  w.standIn.calls().filter((c) => c.at >= since && JSON.stringify(c.response ?? '').includes('30046'));

describe('labops bot: Discord rations edits of old messages (30046, sent as a 429)', () => {
  it('a 30046 the bot did not expect does not stall the job: the result comes at once, after one refused edit', async () => {
    const since = Date.now();
    const t0 = Date.now();
    const jobId = await ping('lines=300 ms=4000');
    await w.standIn.waitFor(() => results(jobId)[0], 15_000);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(late(since).length).toBeGreaterThanOrEqual(1);
    expect(late(since).length).toBeLessThanOrEqual(2);
  });

  it('with the late-edit age set to what Discord enforces, the status message is replaced before it and no edit is refused', async () => {
    await w.stopBot();
    await w.startBot({ LABOPS_DISCORD_LATE_EDIT_AGE_MS: String(WINDOW_MS) });
    const since = Date.now();
    const jobId = await ping('lines=300 ms=4000');
    await w.standIn.waitFor(() => results(jobId)[0], 15_000);
    expect(statuses(jobId).length).toBeGreaterThanOrEqual(2);
    expect(late(since)).toEqual([]);
  });
});
