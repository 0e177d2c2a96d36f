import {
  type Client,
  DiscordAPIError,
  EmbedBuilder,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordStandIn, loginClient, startDiscordStandIn } from '../support/discord/index.js';

const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

describe('discord stand-in: request validation against the OpenAPI description and Discord limits', () => {
  let standIn: DiscordStandIn;
  let client: Client<true>;
  let lenient: DiscordStandIn;

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    lenient = await startDiscordStandIn({ strict: false });
    client = await loginClient(standIn);
  });

  afterAll(async () => {
    await client.destroy();
    await standIn.close();
    await lenient.close();
  });

  const post = (s: DiscordStandIn, path: string, body: unknown, token = s.token) => {
    const { body: raw, ...headers } = json(body);
    return fetch(`${s.apiBase}/v10${path}`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bot ${token}` },
      body: raw,
    });
  };

  it('rejects a malformed body sent with fetch: 400/50035 with Discord-style nested errors, and records it', async () => {
    const res = await post(standIn, `/channels/${standIn.channelId}/messages`, {
      content: 'x'.repeat(2001),
      components: [{ type: 1, components: [{ type: 99, custom_id: 'a' }] }],
      embeds: [{ title: 't'.repeat(257) }],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; errors: Record<string, unknown> };
    expect(body.code).toBe(50035);
    expect(body.errors).toHaveProperty('content._errors');
    expect(body.errors).toHaveProperty(['components', '0', 'components', '0', 'type', '_errors']);
    const found = standIn.takeViolations();
    expect(found.map((v) => v.kind).sort()).toEqual(['limit', 'schema']);
    const paths = found.flatMap((v) => v.errors.map((e) => e.path));
    expect(paths).toEqual(
      expect.arrayContaining(['content', 'components[0].components[0].type', 'embeds[0].title']),
    );
    expect(standIn.messagesIn()).toHaveLength(0);
  });

  it('in lenient mode records the violation but serves the request', async () => {
    const res = await post(lenient, `/channels/${lenient.channelId}/messages`, { content: 'y'.repeat(2001) });
    expect(res.status).toBe(200);
    expect(lenient.takeViolations()[0]?.errors[0]).toMatchObject({ path: 'content' });
  });

  it('reports what discord.js sends when it breaks a limit (2001 chars, embeds over 6000 total)', async () => {
    const channel = client.channels.cache.get(standIn.channelId) as TextChannel;
    const long = await channel.send('z'.repeat(2001)).catch((e: unknown) => e);
    expect((long as DiscordAPIError).code).toBe(50035);
    const embeds = [1, 2].map((n) =>
      new EmbedBuilder().setTitle(`part ${n}`).setDescription('d'.repeat(4000)),
    );
    const big = await channel.send({ embeds }).catch((e: unknown) => e);
    expect(big).toBeInstanceOf(DiscordAPIError);
    const msgs = standIn.takeViolations().flatMap((v) => v.errors.map((e) => e.message));
    expect(msgs.some((m) => /2001 chars/.test(m))).toBe(true);
    expect(msgs.some((m) => /embeds total \d+ chars/.test(m))).toBe(true);
  });

  it('accepts a realistic command list with pt-BR localizations built with discord.js builders', async () => {
    const scale = new SlashCommandBuilder()
      .setName('scale')
      .setNameLocalizations({ 'pt-BR': 'escalar' })
      .setDescription('Scale a deployment')
      .setDescriptionLocalizations({ 'pt-BR': 'Escala um deployment' })
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .addStringOption((o) =>
        o
          .setName('deployment')
          .setDescription('Deployment name')
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(63),
      )
      .addIntegerOption((o) =>
        o
          .setName('replicas')
          .setNameLocalizations({ 'pt-BR': 'replicas' })
          .setDescription('How many')
          .setRequired(true)
          .setMinValue(0)
          .setMaxValue(20),
      );
    const lab = new SlashCommandBuilder()
      .setName('lab')
      .setDescription('Lab steps')
      .addSubcommand((s) => s.setName('status').setDescription('Show the lab status'))
      .addSubcommand((s) =>
        s
          .setName('run')
          .setDescription('Run a lab step')
          .addStringOption((o) =>
            o
              .setName('step')
              .setDescription('Step')
              .setRequired(true)
              .addChoices(
                { name: 'MAAS', value: 'maas', name_localizations: { 'pt-BR': 'MAAS' } },
                { name: 'Juju', value: 'juju' },
              ),
          ),
      );
    const saved = await client.guilds.cache
      .get(standIn.guildId)
      ?.commands.set([scale.toJSON(), lab.toJSON()]);
    expect(saved?.size).toBe(2);
    expect(standIn.violations).toEqual([]);
    const put = standIn.calls('PUT /applications/{application_id}/guilds/{guild_id}/commands')[0];
    expect(put?.body).toMatchObject([{ default_member_permissions: '32' }, {}]);
    expect(standIn.commands().map((c) => c.name)).toEqual(['scale', 'lab']);
    expect(standIn.commands()[0]?.name_localizations).toEqual({ 'pt-BR': 'escalar' });
  });

  it('rejects command lists that break the schema or the documented rules', async () => {
    const res = await fetch(
      `${standIn.apiBase}/v10/applications/${standIn.appId}/guilds/${standIn.guildId}/commands`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bot ${standIn.token}` },
        body: JSON.stringify([
          {
            name: 'Scale Now',
            description: 'x'.repeat(101),
            options: [{ type: 42, name: 'a', description: 'b' }],
          },
          {
            name: 'ok',
            description: 'fine',
            options: [
              { type: 3, name: 'o', description: 'd', required: false },
              { type: 3, name: 'r', description: 'd', required: true },
            ],
          },
        ]),
      },
    );
    expect(res.status).toBe(400);
    const errors = standIn.takeViolations().flatMap((v) => v.errors);
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['[0].description', '[0].options[0].type', '[0].name', '[1].options[1]']),
    );
    expect(standIn.commands().map((c) => c.name)).toEqual(['scale', 'lab']);
  });

  it('never answers 401 on bot-auth routes: a wrong token gets 403 and an auth violation', async () => {
    const res = await post(standIn, `/channels/${standIn.channelId}/messages`, { content: 'hi' }, 'wrong');
    expect(res.status).toBe(403);
    expect(standIn.takeViolations()[0]?.kind).toBe('auth');
  });

  it('reports routes the stand-in does not serve', async () => {
    const res = await post(standIn, `/channels/${standIn.channelId}/messages/bulk-delete`, { messages: [] });
    expect(res.status).toBe(404);
    const [v] = standIn.takeViolations();
    expect(v).toMatchObject({ kind: 'unsupported', route: '/channels/{channel_id}/messages/bulk-delete' });
  });

  it('answers 204 without a content type and JSON with one, carrying rate-limit headers', async () => {
    const sent = await post(standIn, `/channels/${standIn.channelId}/messages`, { content: 'to delete' });
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(sent.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
    const { id } = (await sent.json()) as { id: string };
    const del = await fetch(`${standIn.apiBase}/v10/channels/${standIn.channelId}/messages/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bot ${standIn.token}` },
    });
    expect(del.status).toBe(204);
    expect(del.headers.get('content-type')).toBeNull();
    expect(await del.text()).toBe('');
    expect(standIn.messagesIn().find((m) => m.id === id)).toBeUndefined();
  });
});
