import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, botSettled, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';

let w: BotWorld;

beforeAll(async () => {
  w = await startBotWorld({ recipes: { ping: printerPing } });
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

/** The final result message of a job in the class channel (not ephemeral). */
const finals = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`));

describe('labops bot: a long, log-heavy job', () => {
  it('answers within 3 s, edits one status message about once a second, posts the result once', async () => {
    const s = w.standIn;
    const started = Date.now();
    const { id } = await s.dispatchCommand({
      name: 'ping',
      options: { message: 'lines=1000 ms=20000 steps=2' },
      user: 'student',
    });
    const view = await s.waitFor(
      () => s.interactionResponse(id)?.original?.message.content.includes('#') && s.interactionResponse(id),
      5_000,
    );
    expect(view.callbackType).toBe(5);
    expect(view.callbackAt! - started).toBeLessThan(3_000);
    const jobId = /#([\w-]+)/.exec(view.original!.message.content)![1]!;
    const final = await s.waitFor(() => finals(jobId)[0], 60_000);
    const ended = Date.now();
    const durationS = (ended - started) / 1000;
    const status = s
      .messagesIn()
      .find((m) => !m.ephemeral && m.message.embeds?.[0]?.footer?.text?.startsWith(`job #${jobId}`));
    expect(status).toBeDefined();
    expect(final.message.content).toContain(`<@${s.users.student.id}>`);
    await botSettled(w, jobId);
    expect(finals(jobId).length).toBe(1);
    const calls = s.calls().filter((c) => c.at >= started && c.at <= ended + 2_000);
    const edits = calls.filter(
      (c) => c.method === 'PATCH' && c.route === '/channels/{channel_id}/messages/{message_id}',
    );
    const perSecond = new Map<number, number>();
    for (const c of calls)
      perSecond.set(Math.floor(c.at / 1000), (perSecond.get(Math.floor(c.at / 1000)) ?? 0) + 1);
    const maxPerSecond = Math.max(...perSecond.values());
    process.stderr.write(
      `REST calls for a ${durationS.toFixed(1)} s job printing 1000 lines: ${calls.length} in all, ${edits.length} status edits, at most ${maxPerSecond} in one second\n`,
    );
    expect(edits.length).toBeLessThanOrEqual(Math.ceil(durationS) + 3);
    expect(edits.length).toBeGreaterThan(3);
    expect(maxPerSecond).toBeLessThanOrEqual(4);
    // One status message for the whole job, edited in place.
    expect(
      s.messagesIn().filter((m) => m.message.embeds?.[0]?.footer?.text?.startsWith(`job #${jobId}`)),
    ).toHaveLength(1);
    expect(status!.history.length).toBeGreaterThan(3);
  });
});
