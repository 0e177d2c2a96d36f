import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotWorld, buttonIds, startBotWorld } from '../support/bot-harness.js';
import type { UserKey } from '../support/discord/index.js';
import { startFaultRunner, until } from '../support/faults.js';
import { tempDir } from '../support/procs.js';

const TEAM = 'team-1';
const LOCK_TTL_MS = 2_500;
let w: BotWorld;
let redis: Redis;

beforeAll(async () => {
  // Both students are members of team-1 (by their `student` role): each may change its lab.
  w = await startBotWorld({
    recipes: {},
    team: TEAM,
    runner: false,
    config: (s) => `
teams:
  - name: ${TEAM}
    roles: ["${s.roles.student.id}"]
instructorRoles: ["${s.roles.instructor.id}"]
`,
  });
  redis = new Redis(w.redis.url);
});
afterAll(async () => {
  redis?.disconnect();
  await w?.close();
});

/** A fault runner process of team-1 (jobs log their steps to the marker file). */
function runnerEnv(extra: Record<string, string> = {}) {
  const marker = join(tempDir('labops-lock-'), 'marker');
  const env = {
    REDIS_URL: w.redis.url,
    LABOPS_TEAM: TEAM,
    FAULT_MARKER: marker,
    FAULT_STEP_MS: '1200',
    FAULT_VERIFY_KEY: w.keys.verify.export({ type: 'spki', format: 'pem' }).toString(),
    LABOPS_LAB_LOCK_TTL_MS: String(LOCK_TTL_MS),
    // The dead runner's BullMQ job lock outlives the test: only the lab lock expiry frees the lab.
    LABOPS_LOCK_DURATION_MS: '60000',
    LABOPS_STALLED_INTERVAL_MS: '60000',
    ...extra,
  };
  const lines = () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n') : []);
  return { env, lines };
}

let cores = 10;
/**
 * `/quota` by `user`, confirmed: resolves with the job id. Each call asks for other cores: the
 * same command from the same user within 15 s would be merged into one job.
 */
async function quota(user: UserKey): Promise<string> {
  const s = w.standIn;
  const { id } = await s.dispatchCommand({ name: 'quota', options: { cores: cores++ }, user });
  const prompt = await s.waitFor(() => {
    const o = s.interactionResponse(id)?.original;
    return o?.message.content ? o : undefined;
  }, 10_000);
  expect(prompt.message.content).toMatch(/will change your lab/);
  const ok = buttonIds(prompt.message.components).find((c) => c.startsWith('lo:ok:'))!;
  const click = await s.clickButton({ messageId: prompt.id, customId: ok, user });
  const answer = await s.waitFor(() => {
    const c = s.interactionResponse(click.id)?.original?.message.content;
    return c?.includes('queued as') ? c : undefined;
  }, 10_000);
  return /#([\w-]+)/.exec(answer)![1]!;
}

const status = (jobId: string) =>
  w.standIn.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`));
const final = (jobId: string) =>
  w.standIn.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`));
/** Every description the job's status message has shown. */
const shown = (jobId: string) => (status(jobId)?.history ?? []).map((h) => h.embeds?.[0]?.description ?? '');
const waitingFor = (holder: string, jobId: string) =>
  new RegExp(
    `waiting for the lab: ${holder} holds it with quota \\(job ${jobId}\\) since \\d\\d:\\d\\d:\\d\\d UTC`,
  );

describe('the lab lock seen from Discord', () => {
  it("a second user's mutating job says who holds the lab, with what, since when; then runs", async () => {
    const s = w.standIn;
    const r = runnerEnv({ FAULT_CONCURRENCY: '2' });
    const runner = await startFaultRunner(r.env);
    try {
      const first = await quota('student');
      await until(() => r.lines().some((l) => l.startsWith(`${first} prepare start`)), 15_000, 'first job');
      const holder = JSON.parse((await redis.get(`labops:${TEAM}:lab-lock`)) ?? '{}') as { since?: number };
      const since = new Date(holder.since ?? 0).toISOString().slice(11, 19);
      const second = await quota('student2');
      await s.waitFor(() => shown(second).some((d) => waitingFor('student1', first).test(d)), 15_000);
      expect(shown(second).find((d) => waitingFor('student1', first).test(d))).toContain(
        `since ${since} UTC`,
      );
      await s.waitFor(() => final(second), 30_000);
      expect(final(first)?.message.embeds?.[0]?.title).toMatch(/faulty quota done/);
      expect(final(second)?.message.embeds?.[0]?.title).toMatch(/faulty quota done/);
      // One at a time: the second job's first step started after the first job's last one ended.
      const lines = r.lines();
      const firstEnd = lines.findIndex((l) => l.startsWith(`${first} finish end`));
      const secondStart = lines.findIndex((l) => l.startsWith(`${second} prepare start`));
      expect(firstEnd).toBeGreaterThanOrEqual(0);
      expect(secondStart).toBeGreaterThan(firstEnd);
    } finally {
      runner.proc.kill('SIGTERM');
      await runner.proc;
    }
  });

  it('a runner killed with SIGKILL while holding the lab: the lock expires and a new runner takes the next job', async () => {
    const s = w.standIn;
    const r = runnerEnv();
    const dead = await startFaultRunner(r.env);
    let next: Awaited<ReturnType<typeof startFaultRunner>> | undefined;
    try {
      const held = await quota('student');
      await until(() => r.lines().some((l) => l.startsWith(`${held} once start`)), 15_000, 'a step mid-way');
      dead.proc.kill('SIGKILL');
      await dead.proc;
      // The lab is free once the dead holder's lock expires (nothing renews it any more).
      const expiresAt = Date.now() + (await redis.pttl(`labops:${TEAM}:lab-lock`));
      const lock = JSON.parse((await redis.get(`labops:${TEAM}:lab-lock`)) ?? '{}') as { jobId?: string };
      expect(lock.jobId).toBe(held);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(LOCK_TTL_MS);
      next = await startFaultRunner(r.env);
      const after = await quota('student2');
      await s.waitFor(() => shown(after).some((d) => waitingFor('student1', held).test(d)), 15_000);
      const takenAt = await until(
        async () => (((await redis.get(`labops:${TEAM}:lab-lock`)) ?? '').includes(after) ? Date.now() : 0),
        15_000,
        'the next job to take the lab',
      );
      expect(takenAt).toBeGreaterThanOrEqual(expiresAt - 50);
      await s.waitFor(() => final(after), 30_000);
      expect(final(after)?.message.embeds?.[0]?.title).toMatch(/faulty quota done/);
      const started = r.lines().filter((l) => l.startsWith(`${after} prepare start`));
      expect(started).toHaveLength(1);
      expect(started[0]).toMatch(new RegExp(` ${next.proc.pid}$`));
      expect(final(held)).toBeUndefined();
      s.assertNoViolations();
    } finally {
      dead.proc.kill('SIGKILL');
      next?.proc.kill('SIGTERM');
      await next?.proc;
    }
  });
});
