import {
  type ChatInputCommandInteraction,
  type Client,
  Events,
  type Interaction,
  PermissionFlagsBits,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DiscordStandIn, loginClient, startDiscordStandIn } from '../support/discord/index.js';

function nextInteraction(client: Client): Promise<Interaction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

describe('discord stand-in: login and slash commands', () => {
  let standIn: DiscordStandIn;
  let client: Client<true>;

  beforeEach(async () => {
    standIn = await startDiscordStandIn();
    client = await loginClient(standIn);
  });

  afterEach(async () => {
    await client.destroy();
    standIn.assertNoViolations();
    await standIn.close();
  });

  it('brings a real Client to ready with the guild, channel, roles and members cached', () => {
    expect(client.user.id).toBe(standIn.appId);
    const guild = client.guilds.cache.get(standIn.guildId);
    expect(guild?.channels.cache.get(standIn.channelId)?.name).toBe('lab');
    expect(guild?.roles.cache.map((r) => r.name).sort()).toEqual([
      '@everyone',
      'instructor',
      'student',
      'team-1',
      'team-2',
    ]);
    expect(guild?.members.cache.get(standIn.users.student.id)?.roles.cache.has(standIn.roles.team1.id)).toBe(
      true,
    );
    expect(standIn.calls('GET /gateway/bot')).toHaveLength(1);
    expect(standIn.calls('GET /gateway/bot')[0]?.auth).toBe(true);
    expect(standIn.appId).toMatch(/^\d{17,19}$/);
  });

  it('delivers a chat-input command with subcommand, typed options, locale and member permissions', async () => {
    const got = nextInteraction(client);
    const sent = await standIn.dispatchCommand({
      name: 'deploy',
      subcommand: 'scale',
      options: { deployment: 'hello-node', replicas: 5 },
      locale: 'pt-BR',
    });
    const i = (await got) as ChatInputCommandInteraction;
    expect(i.isChatInputCommand()).toBe(true);
    expect(i.id).toBe(sent.id);
    expect(i.commandName).toBe('deploy');
    expect(i.options.getSubcommand()).toBe('scale');
    expect(i.options.getString('deployment', true)).toBe('hello-node');
    expect(i.options.getInteger('replicas', true)).toBe(5);
    expect(i.locale).toBe('pt-BR');
    expect(i.guildLocale).toBe('pt-BR');
    expect(i.attachmentSizeLimit).toBe(10 * 1024 * 1024);
    expect(i.user.id).toBe(standIn.users.student.id);
    expect(i.memberPermissions?.has(PermissionFlagsBits.Administrator)).toBe(false);
    expect(i.inCachedGuild() && i.member.permissions.has(PermissionFlagsBits.Administrator)).toBe(false);
    expect(i.inCachedGuild() && i.member.roles.cache.has(standIn.roles.student.id)).toBe(true);
    expect(i.createdTimestamp).toBeGreaterThan(Date.now() - 10_000);
  });

  it('marks admins through both the permissions string and the instructor role', async () => {
    const got = nextInteraction(client);
    await standIn.dispatchCommand({ name: 'status', user: 'instructor', admin: true, locale: 'en-US' });
    const i = (await got) as ChatInputCommandInteraction;
    expect(i.locale).toBe('en-US');
    expect(i.memberPermissions?.has(PermissionFlagsBits.Administrator)).toBe(true);
    expect(i.inCachedGuild() && i.member.permissions.has(PermissionFlagsBits.Administrator)).toBe(true);
  });

  it('types options from the registered command (user and role options resolve)', async () => {
    await client.guilds.cache.get(standIn.guildId)?.commands.set([
      {
        name: 'grant',
        description: 'Grant a role',
        options: [
          { type: 6, name: 'who', description: 'member', required: true },
          { type: 8, name: 'role', description: 'role', required: true },
        ],
      },
    ]);
    const got = nextInteraction(client);
    await standIn.dispatchCommand({
      name: 'grant',
      admin: true,
      options: { who: standIn.users.student2.id, role: standIn.roles.team2.id },
    });
    const i = (await got) as ChatInputCommandInteraction;
    expect(i.options.getUser('who', true).username).toBe('student2');
    expect(i.options.getRole('role', true).name).toBe('team-2');
    expect(i.commandId).toBe(standIn.commands()[0]?.id);
  });

  it('answers heartbeats and lets a dropped session RESUME', async () => {
    await client.destroy();
    await standIn.close();
    standIn = await startDiscordStandIn({ heartbeatIntervalMs: 150 });
    client = await loginClient(standIn);
    await standIn.waitFor(() => standIn.gateway.received.filter((p) => p.op === 1).length >= 2, 5000);
    standIn.gateway.disconnectAll(4000);
    await standIn.waitFor(() => standIn.gateway.received.some((p) => p.op === 6), 10_000);
    await standIn.waitFor(() => standIn.gateway.readySessions === 1, 5000);
    const got = nextInteraction(client);
    await standIn.dispatchCommand({ name: 'status' });
    expect((await got).isChatInputCommand()).toBe(true);
    expect(standIn.gateway.received.filter((p) => p.op === 2)).toHaveLength(1);
  });
});
