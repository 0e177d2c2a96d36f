import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { isOctaviaActive } from '../../src/sim/cloud/index.js';
import { readState } from '../../src/sim/cloud/state/store.js';
import { killLeftovers, startSimRunner, walkEnv } from '../support/lab-walk.js';
import { labops, labopsBin, tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

/**
 * A runner killed with SIGKILL in the middle of `/deploy octavia`: a new runner on the same
 * state dir takes the stalled job back (BullMQ's stalled check, with a short lock) and the
 * job converges, because every step checks before it acts; the lab ends with one of each
 * application and relation and octavia active.
 */
const TIME_SCALE = 0.005;
const stateDir = tempDir('labops-crash-state-');
let redis: EmbeddedRedis;
let env: Record<string, string>;

beforeAll(async () => {
  redis = await startTestRedis();
  env = walkEnv(redis.url, { LABOPS_LOCK_DURATION_MS: '3000', LABOPS_STALLED_INTERVAL_MS: '1000' });
  expect((await labops(['keys', 'generate'], env)).exitCode).toBe(0);
});

afterAll(async () => {
  await killLeftovers(stateDir);
  await redis?.stop();
});

describe('a runner killed with SIGKILL during /deploy octavia', () => {
  it('a new runner on the same state dir resumes the job and it converges', async () => {
    const first = await startSimRunner(env, stateDir, TIME_SCALE);
    const started = Date.now();
    const run = execa(process.execPath, [labopsBin, 'run', '/deploy octavia', '--yes', '--json'], {
      env,
      reject: false,
      timeout: 180_000,
    });
    let progress = '';
    run.stderr?.on('data', (c: Buffer) => {
      progress += c.toString();
    });
    // Kill it once the progress shows a step past the charms (certificates, amphora image…).
    const later = /^\[(4|5|6)\/8\] /m;
    while (!later.test(progress)) {
      expect(run.exitCode, progress).toBeNull();
      expect(Date.now() - started, progress).toBeLessThan(90_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    const killedAt = (later.exec(progress) as RegExpExecArray)[0];
    first.proc.kill('SIGKILL');
    await first.proc;
    expect(await isOctaviaActive(stateDir)).toBe(false);

    const second = await startSimRunner(env, stateDir, TIME_SCALE);
    try {
      const r = await run;
      const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
        state: string;
        message?: string;
        result?: { steps: { name: string; outcome: string }[] };
      };
      expect(out.state, `${out.message ?? ''}\n${progress.slice(-2000)}`).toBe('completed');
      console.log(
        `killed at "${killedAt.trim()}"; converged after ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `steps of the resumed attempt: ${out.result?.steps.map((s) => `${s.name}=${s.outcome}`).join(', ')}`,
      );
      expect(await isOctaviaActive(stateDir)).toBe(true);
      const model = readState(stateDir)?.juju.controllers['maas-controller']?.models.openstack;
      const apps = Object.values(model?.applications ?? {});
      for (const charm of [
        'octavia',
        'barbican',
        'barbican-vault',
        'glance-simplestreams-sync',
        'octavia-dashboard',
      ])
        expect(
          apps.filter((a) => a.charm === charm).map((a) => a.name),
          charm,
        ).toHaveLength(1);
      expect(apps.find((a) => a.charm === 'octavia')?.units).toHaveLength(1);
      expect(apps.find((a) => a.charm === 'barbican')?.units).toHaveLength(1);
      const relations = (model?.relations ?? []).map((x) => [x.provider, x.requirer].sort().join(' '));
      expect(relations.length).toBe(new Set(relations).size);
      const status = await execa('juju', ['status', 'octavia', '--format=json'], {
        env: {
          ...env,
          PATH: `${labopsBin.replace(/labops\.js$/, 'sim')}:${env.PATH}`,
          LABOPS_SIM_DIR: stateDir,
        },
        reject: false,
      });
      const units = JSON.parse(status.stdout).applications?.octavia?.units ?? {};
      expect(
        Object.values(units).map(
          (u) => (u as { 'workload-status': { current: string } })['workload-status'].current,
        ),
      ).toEqual(['active']);
    } finally {
      second.proc.kill('SIGTERM');
      await second.proc;
    }
  }, 200_000);
});
