import { describe, expect, it } from 'vitest';
import { pickChoices } from '../../src/bot/autocomplete.js';
import { commandsJson } from '../../src/bot/command-json.js';
import { t } from '../../src/bot/i18n.js';
import { parseOptions } from '../../src/bot/options.js';
import { authorize } from '../../src/bot/permissions.js';
import { readBotSettings } from '../../src/bot/settings.js';
import { statusView } from '../../src/bot/status-view.js';
import { commands, findCommand } from '../../src/commands/index.js';
import { defaultAccess, parseAccessConfig } from '../../src/services/access-config.js';

const ADMIN = (1n << 3n).toString();
const actor = (o: Partial<Parameters<typeof authorize>[1]> = {}) => ({
  userId: '1',
  roleIds: [],
  permissions: '0',
  channelId: '100000000000000001',
  ...o,
});

describe('bot permissions', () => {
  it('without config: managers run everything, others only read-only commands', () => {
    expect(
      authorize(defaultAccess, actor({ permissions: ADMIN }), { command: 'scale', readOnly: false }).ok,
    ).toBe(true);
    const denied = authorize(defaultAccess, actor(), { command: 'scale', readOnly: false });
    expect(denied.ok).toBe(false);
    if (!denied.ok) expect(denied.why(t('pt-BR'))).toMatch(/Administrador ou Gerenciar Servidor/);
    expect(authorize(defaultAccess, actor(), { command: 'status', readOnly: true }).ok).toBe(true);
  });

  it('with config: teams by role, instructors on any team, channel and allow lists', () => {
    const cfg = parseAccessConfig(`
teams:
  - { name: team-a, roles: ["200000000000000001"] }
  - { name: team-b, roles: ["200000000000000002"], queue: b-queue }
instructorRoles: ["300000000000000001"]
channels: ["100000000000000001"]
commands: { quota: { roles: ["300000000000000001"] } }
`);
    const student = actor({ roleIds: ['200000000000000001'] });
    const r = authorize(cfg, student, { command: 'scale', readOnly: false });
    expect(r.ok && r.team.name).toBe('team-a');
    expect(authorize(cfg, student, { command: 'scale', readOnly: false, team: 'team-b' }).ok).toBe(false);
    const inst = actor({ roleIds: ['300000000000000001'] });
    const i = authorize(cfg, inst, { command: 'scale', readOnly: false, team: 'team-b' });
    expect(i.ok && i.team.queue).toBe('b-queue');
    expect(authorize(cfg, student, { command: 'quota', readOnly: false }).ok).toBe(false);
    expect(
      authorize(cfg, { ...student, channelId: '100000000000000009' }, { command: 'jobs', readOnly: true }).ok,
    ).toBe(false);
  });

  it('a bad config names the entry', () => {
    expect(() => parseAccessConfig('teams: [{ name: "Bad Name" }]')).toThrow(/teams\.0\.name/);
  });
});

describe('bot settings', () => {
  it('names each missing or bad setting', () => {
    expect(() => readBotSettings({ DISCORD_TOKEN: 'x' })).toThrow(
      /DISCORD_TOKEN[\s\S]*DISCORD_APP_ID: missing[\s\S]*DISCORD_GUILD_ID: missing[\s\S]*REDIS_URL: missing/,
    );
  });
});

describe('bot option parsing', () => {
  it('flattens subcommands and takes out the bot options', () => {
    const image = findCommand('image')!;
    const p = parseOptions(image, [
      {
        name: 'build',
        type: 1,
        options: [
          { name: 'tag', type: 3, value: 'v2' },
          { name: 'dry-run', type: 5, value: true },
        ],
      },
    ]);
    expect(p).toEqual({ raw: { subcommand: 'build', tag: 'v2' }, dryRun: true });
    expect(parseOptions(image, [{ name: 'paint', type: 1, options: [] }]).unknownSubcommand).toBe('paint');
  });
});

describe('command registration JSON', () => {
  it('fits Discord limits and localizes every command', () => {
    const body = commandsJson(commands, defaultAccess);
    expect(new Set(body.map((c) => c.name)).size).toBe(body.length);
    for (const c of body) {
      const o = c as unknown as {
        description: string;
        description_localizations: Record<string, string>;
        options: { required?: boolean }[];
      };
      expect(o.description.length).toBeLessThanOrEqual(100);
      expect(o.description_localizations['pt-BR']).toBeTruthy();
      expect(o.options.length).toBeLessThanOrEqual(25);
      const firstOptional = o.options.findIndex((x) => !x.required);
      if (firstOptional >= 0) expect(o.options.slice(firstOptional).every((x) => !x.required)).toBe(true);
      expect(JSON.stringify(c).length).toBeLessThan(8000);
    }
  });
});

describe('status and choices', () => {
  it('keeps a status message inside Discord limits whatever the log', () => {
    const rec = {
      jobId: 'scale-1',
      queue: 'q',
      team: 'q',
      channelId: '1',
      requesterId: '2',
      locale: 'en-US',
      line: '/scale',
      startedAt: 0,
      attachmentLimit: 1,
    };
    const log = Array.from({ length: 200 }, (_, i) => `${'y'.repeat(500)} ${i} \`\`\``);
    const v = statusView(
      rec,
      { kind: 'step', step: 'scale', index: 1, count: 2, message: 'm'.repeat(5000), log, at: 0 },
      'running',
      65_000,
    );
    const e = v.embeds![0]!;
    expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
    expect(e.description).toMatch(/step 1 of 2/);
    expect(e.footer?.text).toMatch(/1 min 05 s/);
  });

  it('picks at most 25 choices, prefix matches first', () => {
    const names = [...Array.from({ length: 30 }, (_, i) => `a-hello-${i}`), 'hello-node'];
    expect(pickChoices(names, 'hello')[0]).toBe('hello-node');
    expect(pickChoices(names, '').length).toBe(25);
  });
});

describe('read-only or not, judged from the invocation', () => {
  const cmd = (name: string) => findCommand(name)!;
  it('checkpoint 6 and a resilience probe change the lab; checkpoint 1 and a plain probe read', async () => {
    const { isReadOnly } = await import('../../src/commands/kind.js');
    expect(isReadOnly(cmd('checkpoint'), { n: 1 })).toBe(true);
    expect(isReadOnly(cmd('checkpoint'), { n: 6 })).toBe(false);
    expect(isReadOnly(cmd('lb'), { subcommand: 'probe' })).toBe(true);
    expect(isReadOnly(cmd('lb'), { subcommand: 'probe', during: 'delete-pod' })).toBe(false);
    expect(isReadOnly(cmd('lb'), { subcommand: 'probe', during: 'rollout', tag: 'v2' })).toBe(false);
    expect(isReadOnly(cmd('scale'), { deployment: 'hello-node', replicas: 2 })).toBe(false);
    expect(isReadOnly(cmd('status'), {})).toBe(true);
  });
});
