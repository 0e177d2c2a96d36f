import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type JobOutcome, LabClient, type LostJob } from '../../src/client/lab-client.js';
import { jobs } from '../../src/jobs/definitions.js';
import { REPLICA_ACL_USER } from '../../src/services/acl.js';
import { until } from '../support/faults.js';
import { type TestKeys, testKeys } from '../support/pipeline.js';
import { labopsBin, tempDir } from '../support/procs.js';
import { type SentinelSet, startSentinelSet } from '../support/sentinel.js';

/**
 * Redis behind Sentinel (a primary, a replica, three sentinels with down-after 1 s), a real
 * `labops runner` process and a client that enqueues `ping` jobs, all logged in with the users
 * of `labops acl --ha`. The primary is SIGKILLed; Sentinel promotes the replica.
 */
const TEAM = 'ha';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A `labops runner` process on the set, as runner-ha; `completions` counts its "job completed" lines. */
async function startRunner(set: SentinelSet, keys: TestKeys) {
  const dir = tempDir('labops-sentinel-runner-');
  const verify = join(dir, 'verify.pub');
  writeFileSync(verify, keys.verify.export({ type: 'spki', format: 'pem' }));
  const proc: ResultPromise = execa(process.execPath, [labopsBin, 'runner'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      LABOPS_KEYS_DIR: dir,
      LABOPS_LOG_DIR: dir,
      LABOPS_VERIFY_KEY: verify,
      LABOPS_TEAM: TEAM,
      LABOPS_SIM: '0',
      LABOPS_RUNNER_CONCURRENCY: '4',
      LABOPS_LOCK_DURATION_MS: '5000',
      LABOPS_STALLED_INTERVAL_MS: '2000',
      LABOPS_SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'info',
      ...set.env(`runner-${TEAM}`),
    },
    extendEnv: false,
    reject: false,
    all: true,
  });
  let out = '';
  proc.all?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  cleanups.push(async () => {
    proc.kill('SIGTERM');
    await Promise.race([proc, sleep(8_000)]);
    proc.kill('SIGKILL');
  });
  await until(() => out.includes('runner ready') || proc.exitCode !== null, 30_000, 'the runner');
  if (!out.includes('runner ready')) throw new Error(`runner did not start:\n${out}`);
  const completions = () => {
    const n = new Map<string, number>();
    for (const line of out.split('\n')) {
      if (!line.includes('"job completed"')) continue;
      const id = (JSON.parse(line) as { jobId: string }).jobId;
      n.set(id, (n.get(id) ?? 0) + 1);
    }
    return n;
  };
  return { proc, completions, out: () => out };
}

/** Enqueues `ping` job `jobId`; a Redis error (the failover under way) is retried, as a caller would. */
async function enqueuePing(client: LabClient, jobId: string): Promise<number> {
  const def = jobs.ping;
  for (let tries = 0; ; tries++) {
    try {
      await client.enqueue({
        team: TEAM,
        jobId,
        def,
        data: def.data.parse({ message: jobId }) as Record<string, unknown>,
        requestedBy: { id: 'test:1', name: 'tester', via: 'cli' },
      });
      return tries;
    } catch (err) {
      if (tries > 50) throw err;
      await sleep(200);
    }
  }
}

/** Polls until every job has an outcome; the client forgets each finished one. */
async function outcomes(client: LabClient, ids: string[], timeoutMs: number) {
  const done = new Map<string, JobOutcome>();
  await until(
    async () => {
      for (const id of ids)
        if (!done.has(id)) {
          const o = await client.outcome(TEAM, id).catch(() => null);
          if (o) done.set(id, o);
        }
      return done.size === ids.length;
    },
    timeoutMs,
    `outcomes (${done.size} of ${ids.length})`,
  );
  return done;
}

/**
 * Stops replication (the replica's user turned off, its link cut) and waits until the replica
 * knows: what the primary acknowledges from now on exists on the primary only, as in the moments
 * before a crash that async replication has not caught up with.
 */
async function cutReplication(set: SentinelSet): Promise<void> {
  const admin = (port: number) => {
    const c = new Redis({ port, password: set.adminPassword, maxRetriesPerRequest: 0 });
    c.on('error', () => undefined);
    return c;
  };
  const primary = admin(set.primary.port);
  const replica = admin(set.replica.port);
  try {
    await primary.call('ACL', 'SETUSER', REPLICA_ACL_USER, 'off');
    await primary.call('CLIENT', 'KILL', 'USER', REPLICA_ACL_USER);
    await until(
      async () => /master_link_status:down/.test(await replica.info('replication')),
      5_000,
      'link down',
    );
  } finally {
    primary.disconnect();
    replica.disconnect();
  }
}

async function startAll() {
  const set = await startSentinelSet({ teams: [TEAM] });
  cleanups.push(() => set.stop());
  const keys = testKeys();
  const lost: LostJob[] = [];
  const client = new LabClient(set.url('labops-bot'), keys.signing, { onLost: (j) => lost.push(j) });
  cleanups.push(() => client.close());
  return { set, keys, lost, client };
}

describe('Sentinel failover: the primary is killed', () => {
  it('jobs the dead primary acknowledged but never replicated are reported and re-enqueued under their id', async () => {
    const { set, keys, lost, client } = await startAll();
    const replica = new Redis({ port: set.replica.port, password: set.adminPassword });
    replica.on('error', () => undefined);
    cleanups.push(async () => replica.disconnect());
    await enqueuePing(client, 'kept');
    await until(async () => (await replica.exists(`labops:${TEAM}:kept`)) === 1, 5_000, 'replication');
    await cutReplication(set);
    await enqueuePing(client, 'lost-1');
    await enqueuePing(client, 'lost-2');
    set.primary.proc.kill('SIGKILL');
    await until(async () => (await set.primaryPort()) === set.replica.port, 20_000, 'the failover');
    await until(() => lost.length >= 2, 20_000, 'the check after the reconnection');
    expect(lost.map((j) => `${j.jobId} ${j.action}`).sort()).toEqual([
      'lost-1 re-enqueued',
      'lost-2 re-enqueued',
    ]);
    const runner = await startRunner(set, keys);
    const done = await outcomes(client, ['kept', 'lost-1', 'lost-2'], 30_000);
    for (const o of done.values()) expect(o.state).toBe('completed');
    expect([...runner.completions().values()]).toEqual([1, 1, 1]);
    expect(client.unfinishedCount()).toBe(0);
  });

  it('200 jobs flowing, the last 20 before the death never replicated: they go on on the promoted replica; each completes, or is reported and re-enqueued', async () => {
    const { set, keys, lost, client } = await startAll();
    const runner = await startRunner(set, keys);
    const ids = Array.from({ length: 200 }, (_, i) => `ping-${i}`);
    let died = 0;
    let retried = 0;
    for (const [i, id] of ids.entries()) {
      // Jobs 100 to 119 are created, taken and completed on the primary alone: the failover
      // loses them (creation, move to active or completion), as a crash mid-stream does.
      if (i === 100) await cutReplication(set);
      if (i === 120) {
        set.primary.proc.kill('SIGKILL');
        died = Date.now();
      }
      retried += await enqueuePing(client, id);
      await sleep(10);
    }
    const done = await outcomes(client, ids, 60_000);
    expect(await set.primaryPort()).toBe(set.replica.port);
    // None disappears: every job has its outcome, a completion, on the promoted replica.
    expect([...done.values()].filter((o) => o.state !== 'completed')).toEqual([]);
    const counts = runner.completions();
    const missing = ids.filter((id) => !counts.get(id));
    expect(missing).toEqual([]);
    // A job runs again only when the failover lost its completion (or the job itself).
    const twice = ids.filter((id) => (counts.get(id) ?? 0) > 1);
    expect(twice.filter((id) => (counts.get(id) ?? 0) > 2)).toEqual([]);
    // Those created while replication was cut are missing on the promoted replica: all reported.
    const lostIds = new Set(lost.map((j) => j.jobId));
    expect(ids.slice(100, 120).filter((id) => !lostIds.has(id))).toEqual([]);
    expect(lost.every((j) => ids.includes(j.jobId) && j.action === 're-enqueued')).toBe(true);
    expect(client.unfinishedCount()).toBe(0);
    const q = client.queue(TEAM);
    const finished = await Promise.all(ids.map(async (id) => (await q.getJob(id))?.finishedOn ?? 0));
    const firstAfter = Math.min(...finished.filter((t) => t > died));
    process.stdout.write(
      `sentinel failover: replication cut at job 100, primary killed at job 120; first job completed ${firstAfter - died} ms after its death; ` +
        `${lost.length} lost and re-enqueued, ${twice.length} ran twice, ${retried} enqueue retries\n`,
    );
    expect(firstAfter - died).toBeLessThan(15_000);
  });
});
