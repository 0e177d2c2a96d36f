import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import { quota } from '../../src/runners/recipes/quota.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import type { CommandOptions } from '../support/discord/index.js';
import { testClient } from '../support/pipeline.js';

let w: BotWorld;
let lab: LabClient;
let redis: Redis;

beforeAll(async () => {
  w = await startBotWorld({
    team: 'team-1',
    recipes: { ping: printerPing, quota },
    config: (s) => `
teams:
  - name: team-1
    roles: ["${s.roles.team1.id}"]
  - name: team-2
    roles: ["${s.roles.team2.id}"]
instructorRoles: ["${s.roles.instructor.id}"]
channels: ["${s.channelId}"]
commands:
  quota:
    roles: ["${s.roles.instructor.id}"]
`,
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

async function answer(opts: CommandOptions) {
  const s = w.standIn;
  const { id } = await s.dispatchCommand(opts);
  return s.waitFor(() => {
    const o = s.interactionResponse(id)?.original;
    return o?.message.content ? o : undefined;
  }, 10_000);
}

const count = async (team: string) => (await lab.list(team, 500)).length;

describe('labops bot: access rules from LABOPS_CONFIG', () => {
  it('registers localized commands in one bulk overwrite, with the bot options', () => {
    const s = w.standIn;
    expect(s.calls('PUT /applications/{application_id}/guilds/{guild_id}/commands')).toHaveLength(1);
    const scale = s.commands().find((c) => c.name === 'scale')!;
    expect(scale.description_localizations?.['pt-BR']).toMatch(/Escala/);
    expect(scale.options?.map((o) => o.name)).toEqual(expect.arrayContaining(['dry-run', 'team']));
    expect(s.commands().map((c) => c.name)).toEqual(
      expect.arrayContaining(['jobs', 'job', 'cancel', 'runners', 'help']),
    );
  });

  it('refuses a command from a channel the configuration does not allow, in the user locale', async () => {
    const before = await count('team-1');
    const o = await answer({
      name: 'ping',
      user: 'student',
      channelId: w.standIn.otherChannelId,
      locale: 'pt-BR',
    });
    expect(o.ephemeral).toBe(true);
    expect(o.message.content).toMatch(/não é aceito neste canal; use <#\d+>/);
    expect(await count('team-1')).toBe(before);
  });

  it("a member runs on their team's queue; another team's only for instructors", async () => {
    const mine = await answer({ name: 'ping', options: { message: 'lines=1 ms=10' }, user: 'student' });
    expect(mine.message.content).toMatch(/queued as \*\*#ping-\w+\*\* \(team team-1\)/);
    const other = await answer({ name: 'ping', options: { message: 'x', team: 'team-2' }, user: 'student' });
    expect(other.message.content).toMatch(/only instructors may act on another team/);
    expect(await count('team-2')).toBe(0);
    const inst = await answer({
      name: 'ping',
      options: { message: 'y', team: 'team-2' },
      user: 'instructor',
    });
    expect(inst.message.content).toMatch(/\(team team-2\)/);
    expect(await count('team-2')).toBe(1);
  });

  it('a per-command allow list names the role needed', async () => {
    const o = await answer({ name: 'quota', options: {}, user: 'student' });
    expect(o.message.content).toMatch(/\/quota needs one of the roles <@&\d+>/);
  });

  it('a dry run shows the exact commands and changes nothing', async () => {
    const s = w.standIn;
    const o = await answer({
      name: 'quota',
      options: { 'dry-run': true, team: 'team-1' },
      user: 'instructor',
    });
    expect(o.message.content).toMatch(/dry run queued as/);
    const jobId = /#([\w-]+)/.exec(o.message.content)![1]!;
    const final = await s.waitFor(
      () => s.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`)),
      20_000,
    );
    const embed = final.message.embeds?.[0];
    // Completed dry runs list the commands; a failure must still be a reported outcome, not silence.
    if (embed?.title?.startsWith('✅')) expect(embed.description).toMatch(/Would run/);
    else expect(embed?.title).toMatch(/failed/);
  });

  it('autocomplete answers from the runner cache, at most 25, with defaults when empty', async () => {
    const s = w.standIn;
    const ask = async (typed: string) => {
      const { id } = await s.autocomplete({
        name: 'scale',
        options: { deployment: typed, replicas: 1 },
        focused: 'deployment',
        user: 'student',
      });
      return s.waitFor(() => s.interactionResponse(id)?.choices, 3_000);
    };
    expect(await ask('')).toEqual([{ name: 'hello-node', value: 'hello-node' }]);
    await redis.sadd(
      'labops:team-1:cache:deployments',
      ...Array.from({ length: 40 }, (_, i) => `web-${i}`),
      'hello-node',
    );
    const all = await ask('');
    expect(all.length).toBe(25);
    expect(await ask('hel')).toEqual([{ name: 'hello-node', value: 'hello-node' }]);
  });

  it('/help, /jobs and /runners answer ephemerally in the user language', async () => {
    const help = await answer({ name: 'help', user: 'outsider', locale: 'pt-BR' });
    expect(help.ephemeral).toBe(true);
    expect(help.message.content).toMatch(/comandos do labops/);
    const jobs = await answer({ name: 'jobs', user: 'student' });
    expect(jobs.message.content).toMatch(/Recent jobs of team team-1/);
    const runners = await answer({ name: 'runners', user: 'student' });
    expect(runners.message.content).toMatch(/Runners of team team-1/);
  });
});
