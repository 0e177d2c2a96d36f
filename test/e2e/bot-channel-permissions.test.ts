import { PermissionFlagsBits as P } from 'discord.js';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import type { RecordedCall } from '../support/discord/index.js';
import { testClient } from '../support/pipeline.js';
import { labops } from '../support/procs.js';

let w: BotWorld;
let lab: LabClient;
let redis: Redis;
let opsPort = 0;

beforeAll(async () => {
  opsPort = await freePort();
  w = await startBotWorld({
    recipes: { ping: printerPing },
    standIn: {
      channels: [
        { name: 'no-send', botDeny: P.SendMessages },
        { name: 'no-files', botDeny: P.AttachFiles },
      ],
    },
    // Commands are accepted in the four channels; the bot's permissions differ between them.
    config: (s) =>
      [
        'teams:',
        '  - name: default',
        `    roles: ["${s.roles.team1.id}"]`,
        `channels: [${[s.channelId, s.otherChannelId, ...s.extraChannelIds].map((c) => `"${c}"`).join(', ')}]`,
        '',
      ].join('\n'),
    env: { LABOPS_EDIT_INTERVAL_MS: '250', LABOPS_HTTP_PORT: String(opsPort) },
  });
  lab = testClient(w.redis.url, null);
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await lab?.close();
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

const jobCount = async () => (await lab.list('default', 500)).length;
const inChannel = (channelId: string) => (c: RecordedCall) => c.params.channel_id === channelId;
const refusals = (channelId: string) =>
  w.standIn.calls().filter((c) => inChannel(channelId)(c) && (c.status === 403 || c.status === 404));

/** Resolves once `probe` resolves true (polled every 100 ms). */
async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Dispatches /ping and resolves with the text of the bot's answer. */
async function ping(message: string, channelId?: string) {
  const s = w.standIn;
  const d = await s.dispatchCommand({
    name: 'ping',
    options: { message },
    user: 'student',
    ...(channelId ? { channelId } : {}),
  });
  const content = await s.waitFor(() => s.interactionResponse(d.id)?.original?.message.content, 10_000);
  return { d, content, jobId: /#([\w-]+)/.exec(content)?.[1] };
}

describe("labops bot: the bot's own channel permissions", () => {
  it('/healthz lists the configured channels where the guild says the bot lacks a permission, before any command', async () => {
    const [noSend, noFiles] = w.standIn.extraChannelIds as [string, string];
    const health = (await (await fetch(`http://127.0.0.1:${opsPort}/healthz`)).json()) as {
      ok: boolean;
      channelsUnpostable: { channelId: string; state: string; detail: string }[];
    };
    expect(health.ok).toBe(true);
    expect(health.channelsUnpostable).toEqual([
      expect.objectContaining({
        channelId: noSend,
        state: 'missing',
        detail: expect.stringContaining('Send Messages'),
      }),
      expect.objectContaining({ channelId: noFiles, state: 'missing', detail: 'Attach Files' }),
    ]);
  });

  it('a job command where the bot may not send is refused before anything is queued, naming the permission and how to grant it', async () => {
    const [noSend, noFiles] = w.standIn.extraChannelIds as [string, string];
    const before = await jobCount();
    const { content, d } = await ping('lines=0 ms=100', noSend);
    expect(w.standIn.interactionResponse(d.id)?.original?.ephemeral).toBe(true);
    expect(content).toContain('Send Messages');
    expect(content).toMatch(/Edit Channel → Permissions/);
    expect(content).toContain('labops commands deploy');
    const other = await ping('lines=0 ms=100', noFiles);
    expect(other.content).toContain('Attach Files');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await jobCount()).toBe(before);
    expect(w.standIn.calls().filter(inChannel(noSend))).toEqual([]);
    expect(w.standIn.invalidRequests().total).toBe(0);
  });

  it('View Channel taken away under three running jobs: at most two 403s (then the channel is suspended), each requester told once, no job left active', async () => {
    const s = w.standIn;
    const jobs: Awaited<ReturnType<typeof ping>>[] = [];
    for (const k of [1, 2, 3]) jobs.push(await ping(`lines=400 ms=5000 k=${k}`));
    const footers = () => s.messagesIn().filter((m) => m.message.embeds?.[0]?.footer?.text);
    await s.waitFor(
      () =>
        jobs.every((j) =>
          footers().some((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${j.jobId}`)),
        ),
      10_000,
    );
    s.setBotChannelDeny(s.channelId, P.ViewChannel);
    const lost = (id: string) =>
      (s.interactionResponse(id)?.followups ?? []).filter((m) =>
        m.message.content.includes('can no longer post'),
      );
    try {
      for (const j of jobs)
        await until(async () => (await lab.outcome('default', j.jobId!)) !== null, 15_000);
      await s.waitFor(() => jobs.every((j) => lost(j.d.id).length > 0), 10_000);
      // The bot is done with a job once it leaves the active set: it tells nobody anything after that.
      for (const j of jobs)
        await until(async () => (await redis.sismember('labops:default:bot:active', j.jobId!)) === 0, 15_000);
      for (const j of jobs) {
        expect(lost(j.d.id)).toHaveLength(1);
        expect(lost(j.d.id)[0]?.ephemeral).toBe(true);
        expect(await redis.sismember('labops:default:bot:active', j.jobId!)).toBe(0);
      }
      expect(refusals(s.channelId).length).toBeLessThanOrEqual(2);
      // /healthz names the channel the bot cannot post in, and the one the refused commands came from.
      const health = (await (await fetch(`http://127.0.0.1:${opsPort}/healthz`)).json()) as {
        channelsUnpostable: { channelId: string; state: string }[];
      };
      const lab_ = health.channelsUnpostable.find((c) => c.channelId === s.channelId);
      expect(lab_?.state).toBe('suspended');
      expect(health.channelsUnpostable.map((c) => c.channelId)).toContain(s.extraChannelIds[0]);
      // The refusals are counted on /metrics, as Discord counts them towards its ban.
      const metrics = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
      const counted = /labops_discord_invalid_requests_total\{status="403"\} (\d+)/.exec(metrics)?.[1];
      expect(Number(counted)).toBe(refusals(s.channelId).length);
      expect(metrics).toMatch(/labops_discord_invalid_requests_10m \d+/);
    } finally {
      s.setBotChannelDeny(s.channelId, 0n);
    }
    // A command from the channel with the permissions back lifts the suspension.
    const again = await ping('lines=0 ms=100');
    await s.waitFor(
      () => s.messagesIn().some((m) => !m.ephemeral && m.message.content.includes(`**#${again.jobId}**`)),
      15_000,
    );
  });

  it('Attach Files taken away before the result: it is posted without files, and says what was left out', async () => {
    const s = w.standIn;
    const { jobId } = await ping('lines=50 ms=1500');
    s.setBotChannelDeny(s.channelId, P.AttachFiles);
    try {
      const final = await s.waitFor(
        () => s.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`**#${jobId}**`)),
        15_000,
      );
      const embed = final.message.embeds?.[0];
      expect(final.message.attachments).toEqual([]);
      expect(embed?.image).toBeUndefined();
      expect(embed?.footer?.text).toMatch(/left out .*\.log.*labops jobs/);
      expect(embed?.footer?.text).not.toMatch(/attached:/);
    } finally {
      s.setBotChannelDeny(s.channelId, 0n);
    }
  });

  it('`labops commands deploy` prints the permissions integer and the invite URL that grants them', async () => {
    const r = await labops(['commands', 'deploy'], w.env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('bot permissions: 274878024704');
    expect(r.stdout).toContain(
      `https://discord.com/oauth2/authorize?client_id=${w.standIn.appId}&scope=bot%20applications.commands&permissions=274878024704`,
    );
  });
});
