import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import { until } from '../support/faults.js';

let w: BotWorld;
let redis: Redis;
const STALE_MS = 3_000;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    env: { LABOPS_FINAL_CLAIM_STALE_MS: String(STALE_MS) },
  });
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await w?.close();
});

const finalKey = (jobId: string) => `labops:default:bot:final:${jobId}`;
const finals = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`));
/** The bot's post of a job's final result: the only channel message sent with `enforce_nonce`. */
const finalPost = (r: { method: string; path: string; body?: unknown }) =>
  r.method === 'POST' &&
  /^\/channels\/\d+\/messages$/.test(r.path) &&
  (r.body as { enforce_nonce?: unknown } | undefined)?.enforce_nonce === true;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ping(message: string): Promise<string> {
  const s = w.standIn;
  const { id } = await s.dispatchCommand({ name: 'ping', options: { message }, user: 'student' });
  const content = await s.waitFor(() => {
    const c = s.interactionResponse(id)?.original?.message.content;
    return c?.includes('#') ? c : undefined;
  }, 10_000);
  return /#([\w-]+)/.exec(content)![1]!;
}

describe('the final result of a bot that died around posting it', () => {
  it('killed between claiming and posting: the next life posts it once the claim is stale', async () => {
    const s = w.standIn;
    // This life claims the final post, then Discord holds its post unanswered: it is killed meanwhile.
    s.faults.noAnswer(finalPost, 1);
    const jobId = await ping('lines=5 ms=800 n=claim');
    const deadline = Date.now() + 20_000;
    let claim = '';
    while (!claim.startsWith('posting:')) {
      if (Date.now() > deadline) throw new Error('the bot never claimed the final post');
      await settle(20);
      claim = (await redis.get(finalKey(jobId))) ?? '';
    }
    const claimedAt = Number(claim.slice('posting:'.length));
    await w.stopBot('SIGKILL');
    expect(finals(jobId)).toHaveLength(0);
    await w.startBot();
    const final = await s.waitFor(() => finals(jobId)[0], 20_000);
    expect(final.message.embeds?.[0]?.title).toMatch(/printed/);
    // Not before the claim was stale: a live bot may still have been posting it.
    expect(final.createdAt).toBeGreaterThanOrEqual(claimedAt + STALE_MS);
    await until(
      async () => (await redis.get(finalKey(jobId))) === `posted:${final.id}`,
      5_000,
      'the claim to say posted',
    );
    expect(w.bot.output()).toMatch(/never honoured; posting it/);
    await settle(2_000);
    expect(finals(jobId)).toHaveLength(1);
    expect(await redis.sismember('labops:default:bot:active', jobId)).toBe(0);
  });

  it('killed after posting but before recording it: the next life finds the post and does not repeat it', async () => {
    const s = w.standIn;
    const jobId = await ping('lines=5 ms=800 n=posted');
    const final = await s.waitFor(() => finals(jobId)[0], 20_000);
    await w.stopBot('SIGKILL');
    // As if the bot died right after Discord took the message: the claim still says "posting".
    await redis.set(finalKey(jobId), `posting:${Date.now() - 2 * STALE_MS}`);
    await redis.sadd('labops:default:bot:active', jobId);
    await w.startBot();
    await until(
      async () => (await redis.get(finalKey(jobId))) === `posted:${final.id}`,
      15_000,
      'the claim to settle',
    );
    expect(w.bot.output()).toMatch(/final result found in the channel/);
    await settle(1_500);
    expect(finals(jobId)).toHaveLength(1);
    expect(await redis.sismember('labops:default:bot:active', jobId)).toBe(0);
    s.assertNoViolations();
  });
});
