import {
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  Events,
  RESTEvents,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DiscordStandIn,
  loginClient,
  type StandInOptions,
  startDiscordStandIn,
} from '../support/discord/index.js';

function nextCommand(client: Client): Promise<ChatInputCommandInteraction> {
  return new Promise((resolve) =>
    client.once(Events.InteractionCreate, (i) => resolve(i as ChatInputCommandInteraction)),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('discord stand-in: faults, deadlines and limits over time', () => {
  let standIn: DiscordStandIn;
  let client: Client<true>;

  async function start(opts: StandInOptions = {}) {
    standIn = await startDiscordStandIn(opts);
    client = await loginClient(standIn);
    return client.channels.cache.get(standIn.channelId) as TextChannel;
  }

  afterEach(async () => {
    await client.destroy();
    await standIn.close();
  });

  it('429 burst on channel messages delays, then delivers every message once and in order', async () => {
    const channel = await start();
    const limited: number[] = [];
    client.rest.on(RESTEvents.RateLimited, (info) => limited.push(info.retryAfter));
    standIn.faults.rateLimit('POST /channels/:id/messages', 2, 300);
    const t0 = Date.now();
    await Promise.all(['one', 'two', 'three', 'four'].map((content) => channel.send(content)));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
    expect(limited.length).toBe(2);
    expect(standIn.messagesIn().map((m) => m.message.content)).toEqual(['one', 'two', 'three', 'four']);
    const calls = standIn.calls('POST /channels/{channel_id}/messages');
    expect(calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(4);
    expect(calls[0]?.response).toMatchObject({ retry_after: 0.3, global: false });
    standIn.assertNoViolations();
  });

  it('5xx bursts are retried by @discordjs/rest', async () => {
    const channel = await start();
    standIn.faults.serverError('POST /channels/{channel_id}/messages', 2, 502);
    const sent = await channel.send('after two 502s');
    expect(standIn.calls({ route: 'POST /channels/:id/messages' }).map((c) => c.status)).toEqual([
      502, 502, 200,
    ]);
    expect(standIn.message(sent.id)?.message.content).toBe('after two 502s');
  });

  it('a deferReply after the deadline gets 10062, a second answer gets 40060', async () => {
    await start();
    let got = nextCommand(client);
    await standIn.dispatchCommand({ name: 'status', deadlineMs: 100 });
    let i = await got;
    await sleep(250);
    const late = await i.deferReply().catch((e: unknown) => e);
    expect(late).toBeInstanceOf(DiscordAPIError);
    expect((late as DiscordAPIError).code).toBe(10062);
    expect((late as DiscordAPIError).status).toBe(404);

    got = nextCommand(client);
    const { id, token } = await standIn.dispatchCommand({ name: 'status' });
    i = await got;
    await i.deferReply();
    const twice = await fetch(`${standIn.apiBase}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ code: 40060 });
  });

  it('an edit with an expired interaction token gets 401/50027 and the bot token survives', async () => {
    const channel = await start({ tokenLifetimeMs: 1000 });
    const got = nextCommand(client);
    await standIn.dispatchCommand({ name: 'status' });
    const i = await got;
    await i.deferReply();
    await sleep(1100);
    const err = await i.editReply('too late').catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(50027);
    expect((err as DiscordAPIError).status).toBe(401);
    await channel.send('bot token still works');
    expect(standIn.calls({ route: 'POST /channels/:id/messages', status: 200 })).toHaveLength(1);
  });

  it('edits of a message older than the edit window hit 30046 as a 429, which @discordjs/rest waits out', async () => {
    const channel = await start({ editWindowMs: 600, lateEditLimit: 2, lateEditRetryAfterMs: 400 });
    const status = await channel.send('progress 0%');
    await status.edit('progress 10%');
    await sleep(700);
    await status.edit('progress 20%');
    await status.edit('progress 30%');
    const url = `${standIn.apiBase}/v10/channels/${standIn.channelId}/messages/${status.id}`;
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { authorization: `Bot ${standIn.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'progress 40%' }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-scope')).toBe('user');
    expect(await res.json()).toMatchObject({ code: 30046, retry_after: 0.4, global: false });
    // discord.js does not throw it: it waits and retries (until the caller gives up).
    const abort = new AbortController();
    const edit = client.rest
      .patch(`/channels/${standIn.channelId}/messages/${status.id}`, {
        body: { content: 'progress 50%' },
        signal: abort.signal,
      })
      .catch((e: unknown) => e);
    const late = () => standIn.calls({ route: 'PATCH /channels/:id/messages/:id', status: 429 });
    await standIn.waitFor(() => late().length >= 3, 5_000);
    abort.abort();
    expect((await edit) as Error).toBeInstanceOf(Error);
    const stored = standIn.message(status.id);
    expect(stored?.history.map((h) => h.content).at(-1)).toBe('progress 30%');
    expect(stored?.lateEdits).toBe(2);
  });

  it('a file above the interaction attachment_size_limit gets 413/40005 and a violation', async () => {
    await start();
    const got = nextCommand(client);
    await standIn.dispatchCommand({ name: 'evidence', attachmentSizeLimit: 1024 });
    const i = await got;
    expect(i.attachmentSizeLimit).toBe(1024);
    await i.deferReply();
    const err = await i
      .editReply({ files: [{ attachment: Buffer.alloc(2048), name: 'big.png' }] })
      .catch((e: unknown) => e);
    expect((err as DiscordAPIError).status).toBe(413);
    expect((err as DiscordAPIError).code).toBe(40005);
    const [v] = standIn.takeViolations();
    expect(v?.kind).toBe('limit');
    expect(v?.errors[0]?.message).toMatch(/big\.png: 2048 bytes; limit 1024/);
  });
});
