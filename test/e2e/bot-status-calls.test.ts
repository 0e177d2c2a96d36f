import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import type { RecordedCall } from '../support/discord/index.js';

/**
 * Discord calls of a job: one that ends within LABOPS_STATUS_DELAY_MS of being queued posts
 * only its result; a longer one gets its status message, edited at most twice in any second
 * even when the bot is allowed an edit every 250 ms.
 */
let w: BotWorld;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    env: { LABOPS_EDIT_INTERVAL_MS: '250', LABOPS_STATUS_DELAY_MS: '2000' },
  });
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

let n = 0;
/** Sends `/ping message` and returns its job id and when it was sent. */
async function ping(message: string) {
  const s = w.standIn;
  const since = Date.now();
  const d = await s.dispatchCommand({ name: 'ping', options: { message: `${message} n=${n++}` } });
  const content = await s.waitFor(() => {
    const c = s.interactionResponse(d.id)?.original?.message.content;
    return c?.includes('#') ? c : undefined;
  }, 15_000);
  return { jobId: /#([\w-]+)/.exec(content)![1]!, since };
}
const results = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`**#${jobId}**`));
/** Channel messages that were this job's status message at some point. */
const statuses = (jobId: string) =>
  w.standIn
    .messagesIn()
    .filter((m) => m.history.some((h) => h.embeds?.[0]?.footer?.text?.includes(`#${jobId}`)));
const channelCalls = (since: number) =>
  w.standIn.calls().filter((c: RecordedCall) => c.at >= since && c.path.startsWith('/channels/'));

describe('labops bot: Discord calls per job', () => {
  it('a job that ends within 2 s of being queued posts its result alone: no status message, one channel call', async () => {
    const { jobId, since } = await ping('plain');
    await w.standIn.waitFor(() => results(jobId)[0], 15_000);
    // A status message is posted before the result or not at all: with the result out, none can come.
    expect(statuses(jobId)).toEqual([]);
    const calls = channelCalls(since).filter((c) => JSON.stringify(c.body ?? '').includes(jobId));
    expect(calls.map((c) => c.method)).toEqual(['POST']);
  });

  it('a longer job gets its status message, edited at most twice in any second, the final edit included', async () => {
    const { jobId, since } = await ping('lines=4000 ms=6000');
    await w.standIn.waitFor(() => results(jobId)[0], 30_000);
    const [status] = statuses(jobId);
    expect(status).toBeDefined();
    const edits = channelCalls(since)
      .filter((c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${status!.id}`))
      .map((c) => c.at);
    // Progress came all along: without the bound, an edit every 250 ms.
    expect(edits.length).toBeGreaterThanOrEqual(4);
    for (let i = 2; i < edits.length; i++) expect(edits[i]! - edits[i - 2]!).toBeGreaterThanOrEqual(1_000);
  });
});
