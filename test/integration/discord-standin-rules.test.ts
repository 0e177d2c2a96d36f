import { type ChatInputCommandInteraction, type Client, PermissionFlagsBits as P, REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DiscordStandIn,
  loginClient,
  type StandInOptions,
  startDiscordStandIn,
} from '../support/discord/index.js';

/** Discord's rules no OpenAPI file encodes, as the stand-in enforces them. */
describe('discord stand-in: permissions, nonce, upload limits, invalid-request ban', () => {
  let standIn: DiscordStandIn;
  let client: Client<true> | undefined;

  async function start(opts: StandInOptions = {}) {
    standIn = await startDiscordStandIn(opts);
    client = await loginClient(standIn);
    return client;
  }
  /** A REST client that throws on 429s instead of waiting (to see each answer once). */
  const rest = () =>
    new REST({ api: standIn.apiBase, rejectOnRateLimit: () => true, retries: 0 }).setToken(standIn.token);
  const post = (channelId: string, body: unknown, files: { name: string; data: Buffer }[] = []) =>
    rest()
      .post(`/channels/${channelId}/messages`, { body, files })
      .catch((e: unknown) => e);

  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await standIn.close();
  });

  it('channel permissions: 50001 without View Channel, 50013 without Send Messages or Attach Files, no history without Read Message History', async () => {
    await start({
      channels: [
        { name: 'hidden', botDeny: P.ViewChannel },
        { name: 'read-only', botDeny: P.SendMessages },
        { name: 'no-files', botDeny: P.AttachFiles | P.EmbedLinks },
        { name: 'no-history', botDeny: P.ReadMessageHistory },
      ],
    });
    const [hidden, readOnly, noFiles, noHistory] = standIn.extraChannelIds as [
      string,
      string,
      string,
      string,
    ];
    expect(await post(hidden, { content: 'x' })).toMatchObject({ status: 403, code: 50001 });
    expect(await post(readOnly, { content: 'x' })).toMatchObject({ status: 403, code: 50013 });
    const file = { name: 'a.txt', data: Buffer.from('a') };
    expect(await post(noFiles, { content: 'x' }, [file])).toMatchObject({ status: 403, code: 50013 });
    // Embeds alone without Embed Links are refused; with content they are dropped.
    expect(await post(noFiles, { embeds: [{ title: 't' }] })).toMatchObject({ status: 403, code: 50013 });
    const sent = (await post(noFiles, { content: 'c', embeds: [{ title: 't' }] })) as { id: string };
    expect(standIn.message(sent.id)?.message.embeds).toEqual([]);
    await post(noHistory, { content: 'mine' });
    expect(await rest().get(`/channels/${noHistory}/messages`)).toEqual([]);
    expect(standIn.messagesIn(noHistory)).toHaveLength(1);
    // The interaction carries the same computed app_permissions.
    const got = new Promise<bigint>((resolve) =>
      client?.once('interactionCreate', (i) => resolve(i.appPermissions?.bitfield ?? -1n)),
    );
    await standIn.dispatchCommand({ name: 'ping', channelId: readOnly });
    const bits = await got;
    expect(bits & P.SendMessages).toBe(0n);
    expect(bits & P.ViewChannel).toBe(P.ViewChannel);
    // Revoked later: the next call is refused.
    standIn.setBotChannelDeny(standIn.channelId, P.ViewChannel);
    expect(await post(standIn.channelId, { content: 'x' })).toMatchObject({ status: 403, code: 50001 });
  });

  it('enforce_nonce returns the message already created with that nonce; without it a repeat makes a second one', async () => {
    await start();
    const body = { content: 'result #1', nonce: 'labops-1-abc', enforce_nonce: true };
    const a = (await post(standIn.channelId, body)) as { id: string };
    const b = (await post(standIn.channelId, body)) as { id: string };
    expect(b.id).toBe(a.id);
    const c = (await post(standIn.channelId, { ...body, enforce_nonce: false })) as { id: string };
    expect(c.id).not.toBe(a.id);
    expect(standIn.messagesIn()).toHaveLength(2);
    // A lost answer (stored, then 502): @discordjs/rest retries; the nonce keeps it to one message.
    standIn.faults.lostAnswer('POST /channels/:id/messages', 1);
    const d = (await client?.rest.post(`/channels/${standIn.channelId}/messages`, {
      body: { content: 'result #2', nonce: 'labops-2-abc', enforce_nonce: true },
    })) as { id: string };
    expect(
      standIn
        .messagesIn()
        .filter((m) => m.message.content === 'result #2')
        .map((m) => m.id),
    ).toEqual([d.id]);
    standIn.assertNoViolations();
  });

  it("uploads: channel posts get the bot's limit by boost tier, interaction replies the member's", async () => {
    await start({ premiumTier: 2 });
    const big = { name: 'big.bin', data: Buffer.alloc(12 * 1024 * 1024) };
    const ok = (await post(standIn.channelId, { content: 'tier 2' }, [big])) as { id: string };
    expect(standIn.message(ok.id)?.message.attachments).toHaveLength(1);
    await standIn.close();
    client?.destroy();
    await start();
    expect(await post(standIn.channelId, { content: 'tier 0' }, [big])).toMatchObject({
      status: 413,
      code: 40005,
    });
    expect(standIn.takeViolations().map((v) => v.kind)).toEqual(['limit']);
    // A member with Nitro (50 MiB) may get the same file in an ephemeral reply.
    const got = new Promise<ChatInputCommandInteraction>((resolve) =>
      client?.once('interactionCreate', (i) => resolve(i as ChatInputCommandInteraction)),
    );
    await standIn.dispatchCommand({ name: 'ping', attachmentSizeLimit: 50 * 1024 * 1024 });
    const i = await got;
    await i.reply({ content: 'here', files: [{ attachment: big.data, name: big.name }], flags: 64 });
    const view = standIn.interactionResponse(i.id);
    expect(view?.original?.message.attachments).toHaveLength(1);
    standIn.assertNoViolations();
  });

  it('401/403/429 answers are counted; at the limit every request is refused (ban)', async () => {
    await start({ invalidRequestLimit: 5, channels: [{ name: 'read-only', botDeny: P.SendMessages }] });
    const [readOnly] = standIn.extraChannelIds as [string];
    for (let n = 0; n < 5; n++) await post(readOnly, { content: `try ${n}` });
    expect(standIn.invalidRequests()).toEqual({ inWindow: 5, total: 5 });
    const err = (await post(standIn.channelId, { content: 'fine channel' })) as Error;
    expect(err.name).toMatch(/^RateLimitError/);
    expect(standIn.takeViolations().map((v) => v.kind)).toContain('invalid-request-ban');
    expect(standIn.invalidRequests().total).toBe(6);
  });
});
