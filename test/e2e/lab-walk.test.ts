import type { ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import {
  getOnce,
  helloPods,
  hostOf,
  killLeftovers,
  MUTATING,
  type RunOutcome,
  runLine,
  startSimRunner,
  WALK,
  walkEnv,
} from '../support/lab-walk.js';
import { labops, tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

/**
 * The whole lab from `--preset fresh` through real processes (redis-server, `labops runner
 * --sim`, one `labops run … --yes --json` per step), the lab's real state checked afterwards;
 * then the whole walk again, where every step that changes the lab must find it done.
 */
const TIME_SCALE = 0.005;
const stateDir = tempDir('labops-walk-state-');
let redis: EmbeddedRedis;
let env: Record<string, string>;
let runner: { proc: ResultPromise; output: () => string };
const first = new Map<string, RunOutcome>();
const figures: string[] = [];

/** Steps that only read (a before/after snapshot, a quota display) and so run every time. */
const READ_ONLY = new Set(['health snapshot (before)', 'health snapshot (after)', 'quota show']);

function record(label: string, runs: RunOutcome[], ms: number) {
  figures.push(`${label}: ${(ms / 1000).toFixed(1)} s`);
  for (const r of runs)
    figures.push(
      `  ${r.line.padEnd(22)} ${(r.ms / 1000).toFixed(1).padStart(5)} s  ${String(r.commands.length).padStart(3)} subprocesses`,
    );
}

beforeAll(async () => {
  redis = await startTestRedis();
  env = walkEnv(redis.url);
  expect((await labops(['keys', 'generate'], env)).exitCode).toBe(0);
  runner = await startSimRunner(env, stateDir, TIME_SCALE);
});

afterAll(async () => {
  console.log(`lab walk figures (time scale ${TIME_SCALE})\n${figures.join('\n')}`);
  runner?.proc.kill('SIGTERM');
  await runner?.proc;
  await killLeftovers(stateDir);
  await redis?.stop();
});

describe('the whole lab on the simulated lab, from preset fresh', () => {
  it('every step completes with meaningful results', async () => {
    const started = Date.now();
    for (const line of WALK) {
      const r = await runLine(env, line);
      first.set(line, r);
      expect(r.state, `${line}: ${r.message ?? ''}\n${r.stderr.slice(-1500)}`).toBe('completed');
      expect(r.exitCode).toBe(0);
      expect(
        r.steps.every((s) => s.outcome === 'done' || s.outcome === 'already-done'),
        line,
      ).toBe(true);
    }
    record('first walk', [...first.values()], Date.now() - started);
    const f = (line: string) => first.get(line) as RunOutcome;
    expect(f('/deploy octavia').summary).toMatch(/Octavia is active/);
    expect(f('/deploy octavia').steps.find((s) => s.name === 'load-balancer_admin role')?.outcome).toBe(
      'done',
    );
    expect(f('/quota').summary).toBe('project admin: cores 100, instances 100');
    expect(f('/deploy webserver').fields['floating IP']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(f('/deploy webserver').fields.answer).toMatch(
      /"host": juju-openstack-web-server, "message": "Hello World!"/,
    );
    expect(f('/image push v1').fields.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(f('/image push v2').fields.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(f('/deploy k8s').summary).toBe('Kubernetes answers on OpenStack');
    expect(f('/deploy hello-node').fields.image).toBe('labops/hello-node:v1');
    expect(f('/scale hello-node 5').summary).toBe('hello-node has 5 ready replicas');
    expect(f('/expose loadbalancer').fields['Octavia load balancer']).toBe(
      'kube_service_kubernetes_default_hello-node',
    );
    expect(f('/rollout v2').fields.image).toBe('labops/hello-node:v1 → labops/hello-node:v2');
    expect(f('/rollout v2').fields.answers).toMatch(/"Hello World v2!"/);
    expect(f('/chaos delete-pod').fields.replacement).toMatch(/^hello-node-/);
  }, 240_000);

  it("the lab's real state: 5 ready v2 pods balanced through the external IP; the web server answers", async () => {
    let pods = await helloPods(stateDir);
    for (let i = 0; i < 100 && pods.filter((p) => p.ready && !p.terminating).length !== 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
      pods = await helloPods(stateDir);
    }
    expect(pods.filter((p) => p.ready && !p.terminating)).toHaveLength(5);
    const ip = first.get('/expose loadbalancer')?.fields['external IP'];
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const bodies: string[] = [];
    for (let i = 0; i < 50; i++) bodies.push(await getOnce(`http://${ip}:8080/`));
    expect(bodies.filter((b) => !b.includes('Hello World v2!'))).toEqual([]);
    const hosts = new Set(bodies.map(hostOf));
    expect(hosts.size).toBeGreaterThanOrEqual(2);
    const fip = first.get('/deploy webserver')?.fields['floating IP'];
    expect(await getOnce(`http://${fip}:8080/`)).toMatch(
      /"host": juju-openstack-web-server, "message": "Hello World!"/,
    );
  }, 60_000);

  it('the whole walk again: every step that changes the lab finds it done and runs no mutating command', async () => {
    const started = Date.now();
    const again: RunOutcome[] = [];
    for (const line of WALK.filter((l) => l !== '/chaos delete-pod')) {
      const r = await runLine(env, line);
      again.push(r);
      expect(r.state, `${line}: ${r.message ?? ''}`).toBe('completed');
      const acted = r.steps.filter((s) => s.outcome !== 'already-done' && !READ_ONLY.has(s.name));
      expect(acted, line).toEqual([]);
      expect(
        r.commands.filter((c) => MUTATING.test(c)),
        line,
      ).toEqual([]);
    }
    record('second walk (without /chaos)', again, Date.now() - started);
  }, 180_000);
});
