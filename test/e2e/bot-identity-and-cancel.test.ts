import { REST } from 'discord.js';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customId } from '../../src/bot/custom-ids.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import { until } from '../support/faults.js';

let w: BotWorld;
let redis: Redis;
const STALE_MS = 3_000;

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    // An older application: its bot user's id is not the application id.
    standIn: { distinctBotUser: true },
    env: { LABOPS_FINAL_CLAIM_STALE_MS: String(STALE_MS) },
  });
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

const finals = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`**#${jobId}**`));

describe('labops bot: its own user id, and the Cancel job button', () => {
  it('crash recovery looks for its own messages by the user id of the gateway session, not DISCORD_APP_ID', async () => {
    const s = w.standIn;
    expect(s.users.bot.id).not.toBe(s.appId);
    const d = await s.dispatchCommand({ name: 'ping', options: { message: 'lines=5 ms=500' } });
    const content = await s.waitFor(() => s.interactionResponse(d.id)?.original?.message.content, 10_000);
    const jobId = /#([\w-]+)/.exec(content)![1]!;
    const final = await s.waitFor(() => finals(jobId)[0], 20_000);
    await w.stopBot('SIGKILL');
    // As if the bot died right after Discord took the message: the claim still says "posting".
    const key = `labops:default:bot:final:${jobId}`;
    await redis.set(key, `posting:${Date.now() - 2 * STALE_MS}`);
    await redis.sadd('labops:default:bot:active', jobId);
    await w.startBot();
    await until(async () => (await redis.get(key)) === `posted:${final.id}`, 15_000, 'the claim to settle');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(finals(jobId)).toHaveLength(1);
  });

  it('a Cancel job click whose cancel fails edits the deferred answer (editReply), no stray followup', async () => {
    const s = w.standIn;
    const jobId = 'ping-bad0bad0bad0';
    // A job key of the wrong type: reading it fails inside the cancel.
    await redis.set(`labops:default:${jobId}`, 'not a job hash');
    const id = customId('cancel', 'default', jobId);
    const rest = new REST({ api: s.apiBase }).setToken(s.token);
    const msg = (await rest.post(`/channels/${s.channelId}/messages`, {
      body: {
        content: 'status',
        components: [{ type: 1, components: [{ type: 2, style: 4, label: 'Cancel job', custom_id: id }] }],
      },
    })) as { id: string };
    const d = await s.clickButton({ messageId: msg.id, customId: id, user: 'instructor' });
    const answer = await s.waitFor(
      () => s.interactionResponse(d.id)?.original?.message.content || undefined,
      10_000,
    );
    expect(answer).toMatch(/something went wrong on the bot's side \(ref: /);
    await new Promise((r) => setTimeout(r, 500));
    expect(s.interactionResponse(d.id)?.followups).toEqual([]);
  });
});
