import { REST } from 'discord.js';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customId } from '../../src/bot/custom-ids.js';
import type { JobData } from '../../src/jobs/definitions.js';
import type { ArtifactRef } from '../../src/jobs/events.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { artifactStore } from '../../src/shared/artifacts.js';
import { connectRedis } from '../../src/shared/redis.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';

const MiB = 1024 * 1024;
let w: BotWorld;
let conn: Redis;

/**
 * `ping` whose message lists artifacts to attach (`art=name:MiB`) and `fields` to overflow the
 * embed (so the result carries `fields.txt`). Artifacts go through a store allowing 30 MiB.
 */
const filesPing = {
  job: 'ping',
  steps: [
    {
      name: 'make-files',
      apply: async (d: JobData<'ping'>, ctx) => {
        const store = artifactStore(conn, ctx.team, { ttlS: 600, maxBytes: 30 * MiB });
        const refs: ArtifactRef[] = [];
        for (const m of d.message.matchAll(/art=([\w.]+):([\d.]+)/g))
          refs.push(await store.put(m[1]!, 'application/octet-stream', Buffer.alloc(Number(m[2]) * MiB, 1)));
        ctx.vars.artifacts = refs;
        return `made ${refs.length} files`;
      },
      timeoutMs: 60_000,
    },
  ],
  result: (d) => ({
    summary: 'files made',
    fields: d.message.includes('fields')
      ? Array.from({ length: 30 }, (_, k) => ({ name: `field ${k}`, value: 'v'.repeat(200) }))
      : [],
  }),
} satisfies Recipe<JobData<'ping'>>;

beforeAll(async () => {
  w = await startBotWorld({ recipes: { ping: filesPing } });
  conn = connectRedis(w.redis.url, 'producer');
});
afterAll(async () => {
  conn?.disconnect();
  await w?.close();
});
afterEach(() => {
  w.standIn.faults.clear();
  w.standIn.assertNoViolations();
});

const results = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`**#${jobId}**`));

async function ping(message: string, extra: { attachmentSizeLimit?: number } = {}) {
  const s = w.standIn;
  const d = await s.dispatchCommand({ name: 'ping', options: { message }, user: 'student', ...extra });
  const content = await s.waitFor(() => {
    const c = s.interactionResponse(d.id)?.original?.message.content;
    return c?.includes('#') ? c : undefined;
  }, 10_000);
  return /#([\w-]+)/.exec(content)![1]!;
}

describe('labops bot: result posts', () => {
  it("uploads use the bot's limit, not a Nitro member's; the largest artifacts are dropped first, never fields.txt; the message names what was left out", async () => {
    const jobId = await ping(
      'fields art=huge.bin:12 art=a9.bin:9 art=b8.bin:8 art=c7.bin:7 art=small.txt:0.001',
      {
        attachmentSizeLimit: 50 * MiB,
      },
    );
    const final = await w.standIn.waitFor(() => results(jobId)[0], 30_000);
    const names = final.message.attachments.map((a) => a.filename);
    expect(names).toEqual(expect.arrayContaining(['fields.txt', 'b8.bin', 'c7.bin', 'small.txt']));
    expect(names).not.toContain('huge.bin');
    expect(names).not.toContain('a9.bin');
    const footer = final.message.embeds?.[0]?.footer?.text ?? '';
    expect(footer).toMatch(/left out[^:]*: huge\.bin, a9\.bin — get them with `labops jobs`/);
    expect(w.standIn.calls({ route: 'POST /channels/:id/messages', status: 413 })).toEqual([]);
  });

  it('a result post whose answer is lost (stored, then 502) and retried appears once: nonce + enforce_nonce', async () => {
    const s = w.standIn;
    const jobId = await ping('plain');
    await s.waitFor(() =>
      s.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`)),
    );
    s.faults.lostAnswer('POST /channels/{channel_id}/messages', 1);
    await s.waitFor(() => results(jobId)[0], 20_000);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(results(jobId)).toHaveLength(1);
    const posts = s
      .calls({ route: 'POST /channels/:id/messages' })
      .filter((c) => JSON.stringify(c.body).includes(`**#${jobId}**`));
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.every((c) => (c.body as { enforce_nonce?: boolean }).enforce_nonce === true)).toBe(true);
    expect(new Set(posts.map((c) => (c.body as { nonce?: string }).nonce)).size).toBe(1);
  });

  it("a Cancel job button of a team no longer configured says so (not 'this confirmation expired')", async () => {
    const s = w.standIn;
    const id = customId('cancel', 'ghost-team', 'ping-0123456789ab');
    const rest = new REST({ api: s.apiBase }).setToken(s.token);
    const msg = (await rest.post(`/channels/${s.channelId}/messages`, {
      body: {
        content: 'status',
        components: [{ type: 1, components: [{ type: 2, style: 4, label: 'Cancel job', custom_id: id }] }],
      },
    })) as { id: string };
    const d = await s.clickButton({ messageId: msg.id, customId: id, user: 'instructor' });
    const answer = await s.waitFor(() => {
      const v = s.interactionResponse(d.id);
      return v?.original?.ephemeral ? v.original.message.content : undefined;
    }, 10_000);
    expect(answer).toMatch(/not in the bot's configuration/);
    expect(answer).not.toMatch(/expired/);
  });
});
