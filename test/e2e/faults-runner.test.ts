import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { readAudit } from '../../src/services/audit.js';
import { connectRedis } from '../../src/shared/redis.js';
import { startFaultRunner, until } from '../support/faults.js';
import { enqueue, testClient, testKeys } from '../support/pipeline.js';
import { tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

const keys = testKeys();
let n = 0;
function setup() {
  const team = `fault-${n++}`;
  const marker = join(tempDir('labops-fault-'), 'marker');
  const env = {
    REDIS_URL: redis.url,
    LABOPS_TEAM: team,
    FAULT_MARKER: marker,
    FAULT_STEP_MS: '700',
    FAULT_VERIFY_KEY: keys.verify.export({ type: 'spki', format: 'pem' }).toString(),
    LABOPS_LOCK_DURATION_MS: '1500',
    LABOPS_STALLED_INTERVAL_MS: '700',
    LOG_LEVEL: 'info',
  };
  const lines = () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n') : []);
  return { team, env, lines };
}

describe('a runner killed with SIGKILL mid-job', () => {
  it('the job is picked up again by a restarted runner and converges (repeatable steps)', async () => {
    const s = setup();
    const client = testClient(redis.url, keys);
    const first = await startFaultRunner(s.env);
    try {
      const jobId = await enqueue(client, s.team, 'ping', { message: 'plain' });
      await until(() => s.lines().some((l) => l.includes(' once start')), 15_000, 'step once to start');
      first.proc.kill('SIGKILL');
      await first.proc;
      const second = await startFaultRunner(s.env);
      try {
        const outcome = await client.follow(s.team, jobId, {});
        expect(outcome.state).toBe('completed');
        const ends = s.lines().filter((l) => l.endsWith(`${second.proc.pid}`) && l.includes(' end '));
        expect(ends.map((l) => l.split(' ')[1])).toEqual(['prepare', 'once', 'finish']);
      } finally {
        second.proc.kill('SIGTERM');
        await second.proc;
      }
    } finally {
      first.proc.kill('SIGKILL');
      await client.close();
    }
  });

  it('a non-repeatable step that was interrupted is not run again: the job fails saying what state the lab may be in', async () => {
    const s = setup();
    const client = testClient(redis.url, keys);
    const first = await startFaultRunner(s.env);
    try {
      const jobId = await enqueue(client, s.team, 'ping', { message: 'nonrep' });
      await until(() => s.lines().some((l) => l.includes(' once start')), 15_000, 'step once to start');
      first.proc.kill('SIGKILL');
      await first.proc;
      const second = await startFaultRunner(s.env);
      try {
        const outcome = await client.follow(s.team, jobId, {});
        expect(outcome).toMatchObject({ state: 'failed', code: 'UNSAFE_RESUME' });
        expect(outcome.state === 'failed' && outcome.message).toMatch(
          /step "once" \(2 of 3\) had started .* cannot be repeated safely.*half-way through "once".*prepare/,
        );
        expect(s.lines().filter((l) => l.includes(' once start'))).toHaveLength(1);
        expect(s.lines().filter((l) => l.includes(' finish '))).toHaveLength(0);
        const conn = connectRedis(redis.url, 'producer');
        const audit = await readAudit(conn, { sinceMs: 0, teams: [s.team] });
        conn.disconnect();
        expect(audit.find((e) => e.jobId === jobId)?.outcome).toBe('failed: UNSAFE_RESUME');
      } finally {
        second.proc.kill('SIGTERM');
        await second.proc;
      }
    } finally {
      first.proc.kill('SIGKILL');
      await client.close();
    }
  });

  it('the lab lock of a runner killed with SIGKILL is released after its expiry', async () => {
    const s = setup();
    const conn = connectRedis(redis.url, 'producer');
    const lockKey = `labops:${s.team}:lab-lock`;
    const { LabLock } = await import('../../src/runners/lock.js');
    const dead = new LabLock(conn, s.team, 1_000);
    expect((await dead.tryAcquire({ jobId: 'j-dead', job: 'scale', requester: 'ana' })).ok).toBe(true);
    // The holder's process is gone: nothing renews the lock any more.
    (dead as unknown as { stopRenew(): void }).stopRenew();
    const other = new LabLock(conn, s.team, 1_000);
    const busy = await other.tryAcquire({ jobId: 'j-next', job: 'scale', requester: 'bia' });
    expect(busy).toMatchObject({ ok: false, holder: { requester: 'ana', jobId: 'j-dead' } });
    await until(
      async () => (await other.tryAcquire({ jobId: 'j-next', job: 'scale', requester: 'bia' })).ok,
      5_000,
      'lock expiry',
    );
    expect(JSON.parse((await conn.get(lockKey)) ?? '{}').jobId).toBe('j-next');
    await other.release();
    conn.disconnect();
  });
});
