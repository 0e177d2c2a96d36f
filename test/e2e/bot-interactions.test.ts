import { REST } from 'discord.js';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customId } from '../../src/bot/custom-ids.js';
import type { JobData } from '../../src/jobs/definitions.js';
import type { ArtifactRef } from '../../src/jobs/events.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { type BotWorld, buttonIds, startBotWorld } from '../support/bot-harness.js';
import type { DispatchedInteraction } from '../support/discord/index.js';
import { until } from '../support/faults.js';

const MiB = 1024 * 1024;
const STALE_MS = 3_000;
let w: BotWorld;
let redis: Redis;

/**
 * `ping` whose message scripts it: `art=name:MiB` artifacts to attach, `fields` to overflow the
 * embed (so the result carries `fields.txt`), `ms=N` to run that long (until cancelled).
 */
const scriptedPing = {
  job: 'ping',
  steps: [
    {
      name: 'make-files',
      apply: async (d: JobData<'ping'>, ctx) => {
        const store = artifactStore(redis, ctx.team, { ttlS: 600, maxBytes: 30 * MiB });
        const refs: ArtifactRef[] = [];
        for (const m of d.message.matchAll(/art=([\w.]+):([\d.]+)/g))
          refs.push(await store.put(m[1]!, 'application/octet-stream', Buffer.alloc(Number(m[2]) * MiB, 1)));
        ctx.produced.push(...refs);
        const ms = Number(/ms=(\d+)/.exec(d.message)?.[1] ?? 0);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('cancelled'));
          });
        });
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
  w = await startBotWorld({
    recipes: { ping: scriptedPing },
    // An older application: its bot user's id is not the application id.
    standIn: { distinctBotUser: true },
    env: { LABOPS_CONFIRM_TTL_MS: '60000', LABOPS_FINAL_CLAIM_STALE_MS: String(STALE_MS) },
  });
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await w?.close();
});
afterEach(() => {
  w.standIn.faults.clear();
  w.standIn.assertNoViolations();
});

const results = (jobId: string) =>
  w.standIn.messagesIn().filter((m) => !m.ephemeral && m.message.content.includes(`**#${jobId}**`));

/** Dispatches a command and resolves with the bot's (first) answer message once it has text. */
async function answered(opts: Parameters<BotWorld['standIn']['dispatchCommand']>[0]) {
  const s = w.standIn;
  const d = await s.dispatchCommand(opts);
  const original = await s.waitFor(() => {
    const o = s.interactionResponse(d.id)?.original;
    return o?.message.content ? o : undefined;
  }, 10_000);
  return { d, original };
}

async function ping(message: string, extra: { attachmentSizeLimit?: number } = {}) {
  const { original } = await answered({ name: 'ping', options: { message }, user: 'student', ...extra });
  return /#([\w-]+)/.exec(original.message.content)![1]!;
}

/** Posts a bot message carrying a Cancel job button with `id` (as a status message would). */
async function cancelButton(id: string) {
  const s = w.standIn;
  const rest = new REST({ api: s.apiBase }).setToken(s.token);
  return (await rest.post(`/channels/${s.channelId}/messages`, {
    body: {
      content: 'status',
      components: [{ type: 1, components: [{ type: 2, style: 4, label: 'Cancel job', custom_id: id }] }],
    },
  })) as { id: string };
}

describe('labops bot: every interaction is acknowledged before any Redis call', () => {
  it('with Redis paused for 5 s, commands, Confirm, Cancel, Cancel job, autocomplete and a refusal are all answered within 3 s', async () => {
    const s = w.standIn;
    const p1 = await answered({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 2 },
      user: 'instructor',
    });
    const p2 = await answered({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 3 },
      user: 'instructor',
    });
    const job = await answered({ name: 'ping', options: { message: 'ms=20000' }, user: 'student' });
    const jobId = /#([\w-]+)/.exec(job.original.message.content)![1]!;
    const status = await s.waitFor(
      () => s.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`)),
      10_000,
    );
    const okId = buttonIds(p1.original.message.components).find((b) => b.startsWith('lo:ok:'))!;
    const noId = buttonIds(p2.original.message.components).find((b) => b.startsWith('lo:no:'))!;
    const cancelId = buttonIds(status.message.components).find((b) => b.startsWith('lo:cancel:'))!;

    await redis.call('CLIENT', 'PAUSE', '5000', 'ALL');
    const sent: { what: string; at: number; d: DispatchedInteraction }[] = [];
    const go = async (what: string, send: () => Promise<DispatchedInteraction>) => {
      const at = Date.now();
      sent.push({ what, at, d: await send() });
    };
    await Promise.all([
      go('slash command', () => s.dispatchCommand({ name: 'ping', options: { message: 'paused' } })),
      go('refused command', () =>
        s.dispatchCommand({ name: 'scale', options: { deployment: 'hello-node', replicas: 4 } }),
      ),
      go('local command', () => s.dispatchCommand({ name: 'jobs', user: 'student' })),
      go('Confirm', () => s.clickButton({ messageId: p1.original.id, customId: okId, user: 'instructor' })),
      go('Cancel', () => s.clickButton({ messageId: p2.original.id, customId: noId, user: 'instructor' })),
      go('Cancel job', () => s.clickButton({ messageId: status.id, customId: cancelId, user: 'instructor' })),
      go('autocomplete', () =>
        s.autocomplete({
          name: 'scale',
          options: { deployment: 'hel', replicas: 1 },
          focused: 'deployment',
          user: 'instructor',
        }),
      ),
    ]);
    // Every acknowledgement, or 3.5 s at most: one later than 3 s, or none, is counted late below.
    await s
      .waitFor(() => sent.every(({ d }) => s.interactionResponse(d.id)?.callbackAt != null), 3_500)
      .catch(() => undefined);
    const late = sent
      .map(({ what, at, d }) => ({ what, at: s.interactionResponse(d.id)?.callbackAt ?? null, sent: at }))
      .filter((x) => x.at === null || x.at - x.sent > 3_000)
      .map((x) => x.what);
    expect(late).toEqual([]);
    // Once Redis answers again, the work done after the acknowledgement completes.
    const confirm = sent.find((x) => x.what === 'Confirm')!.d;
    await s.waitFor(() => s.message(p1.original.id)?.message.content.includes('queued as'), 15_000);
    await s.waitFor(() => s.message(p2.original.id)?.message.content.includes('nothing was run'), 15_000);
    const cancel = sent.find((x) => x.what === 'Cancel job')!.d;
    const cancelled = await s.waitFor(
      () => s.interactionResponse(cancel.id)?.original?.message.content || undefined,
      15_000,
    );
    expect(cancelled).toMatch(/being stopped|removed|already finished/);
    expect(s.interactionResponse(confirm.id)?.callbackType).toBe(6);
  });
});

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
    // Longer than LABOPS_STATUS_DELAY_MS (2 s): the job gets its status message, and the fault
    // set once that is there hits the result post.
    const jobId = await ping('plain ms=4000');
    await s.waitFor(() =>
      s.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`)),
    );
    s.faults.lostAnswer('POST /channels/{channel_id}/messages', 1);
    await s.waitFor(() => results(jobId)[0], 20_000);
    // Once the claim says posted, no bot posts this result again: a second message would be there by now.
    const claim = `labops:default:bot:final:${jobId}`;
    await until(
      async () => (await redis.get(claim))?.startsWith('posted:'),
      20_000,
      'the post to be recorded',
    );
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
    const msg = await cancelButton(id);
    const d = await s.clickButton({ messageId: msg.id, customId: id, user: 'instructor' });
    const answer = await s.waitFor(() => {
      const v = s.interactionResponse(d.id);
      return v?.original?.ephemeral ? v.original.message.content : undefined;
    }, 10_000);
    expect(answer).toMatch(/not in the bot's configuration/);
    expect(answer).not.toMatch(/expired/);
  });
});

describe('labops bot: its own user id, and the Cancel job button', () => {
  it('crash recovery looks for its own messages by the user id of the gateway session, not DISCORD_APP_ID', async () => {
    const s = w.standIn;
    expect(s.users.bot.id).not.toBe(s.appId);
    const jobId = await ping('ms=300 identity');
    const final = await s.waitFor(() => results(jobId)[0], 20_000);
    await w.stopBot('SIGKILL');
    // As if the bot died right after Discord took the message: the claim still says "posting".
    const key = `labops:default:bot:final:${jobId}`;
    await redis.set(key, `posting:${Date.now() - 2 * STALE_MS}`);
    await redis.sadd('labops:default:bot:active', jobId);
    await w.startBot();
    // Settled on the message already in the channel: a new post would have recorded its own id.
    await until(async () => (await redis.get(key)) === `posted:${final.id}`, 15_000, 'the claim to settle');
    expect(results(jobId)).toHaveLength(1);
  });

  it('a Cancel job click whose cancel fails edits the deferred answer (editReply), no stray followup', async () => {
    const s = w.standIn;
    const jobId = 'ping-bad0bad0bad0';
    // A job key of the wrong type: reading it fails inside the cancel.
    await redis.set(`labops:default:${jobId}`, 'not a job hash');
    const id = customId('cancel', 'default', jobId);
    const msg = await cancelButton(id);
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
