import { PermissionFlagsBits as P } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { type BotWorld, startBotWorld } from '../support/bot-harness.js';
import { printerPing } from '../support/bot-recipes.js';
import { snowflake } from '../support/discord/index.js';
import { testClient, testRunner } from '../support/pipeline.js';

/** A class: 30 teams in 3 channels, 10 each; the bot may not send in the third. */
const TEAMS = Array.from({ length: 30 }, (_, k) => ({
  name: `team-${String(k + 1).padStart(2, '0')}`,
  user: {
    id: snowflake(Date.now() - 90 * 86_400_000),
    username: `student-${k + 1}`,
    global_name: `student-${k + 1}`,
    discriminator: '0',
    avatar: null,
  } satisfies APIUser,
}));

let w: BotWorld;
let lab: LabClient;
const runners: RunnerHandle[] = [];

beforeAll(async () => {
  w = await startBotWorld({
    recipes: { ping: printerPing },
    team: TEAMS[0]!.name,
    standIn: { channels: [{ name: 'team-3', botDeny: P.SendMessages }], roles: TEAMS.map((tm) => tm.name) },
    config: (s) =>
      `teams:\n${TEAMS.map((tm, k) => `  - name: ${tm.name}\n    roles: ["${s.extraRoleIds[k]}"]`).join('\n')}\n`,
  });
  // One runner per team of the first two channels (the third channel's teams must get no job at all).
  const started = TEAMS.slice(1, 20).map((tm) =>
    testRunner({ redisUrl: w.redis.url, team: tm.name, keys: w.keys, recipes: { ping: printerPing } }),
  );
  runners.push(...(await Promise.all(started)));
  lab = testClient(w.redis.url, null);
}, 120_000);
afterAll(async () => {
  await lab?.close();
  for (const r of runners) await r.close();
  await w?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

describe('labops bot: a class of 30 teams in 3 channels, one without Send Messages', () => {
  it("nothing runs for the third channel's commands, the others are unaffected, fewer than 10 invalid requests", async () => {
    const s = w.standIn;
    const channels = [s.channelId, s.otherChannelId, s.extraChannelIds[0]!];
    const sent = await Promise.all(
      TEAMS.map((tm, k) =>
        s.dispatchCommand({
          name: 'ping',
          options: { message: `lines=20 ms=800 ${tm.name}` },
          user: tm.user,
          roles: [s.extraRoleIds[k]!],
          channelId: channels[Math.floor(k / 10)]!,
        }),
      ),
    );
    const answers = await Promise.all(
      sent.map((d) =>
        s.waitFor(() => s.interactionResponse(d.id)?.original?.message.content || undefined, 20_000),
      ),
    );
    const ids = answers.map((a) => /queued as \*\*#([\w-]+)/.exec(a)?.[1]);
    expect(ids.slice(0, 20).every(Boolean)).toBe(true);
    expect(answers.slice(20).every((a) => a.includes('Send Messages') && a.includes('Nothing was run'))).toBe(
      true,
    );
    const finals = () =>
      ids
        .slice(0, 20)
        .filter((id) =>
          channels.some((c) =>
            s.messagesIn(c).some((m) => !m.ephemeral && m.message.content.includes(`**#${id}**`)),
          ),
        );
    await s.waitFor(() => finals().length === 20, 60_000);
    for (const tm of TEAMS.slice(20)) expect(await lab.list(tm.name, 10)).toEqual([]);
    expect(s.messagesIn(channels[2]).filter((m) => !m.ephemeral)).toEqual([]);
    const invalid = s.invalidRequests();
    console.info(`class-sized run: ${invalid.total} invalid requests (401/403/429) in total`);
    expect(invalid.total).toBeLessThan(10);
  });
});
