import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import {
  getOnce,
  hostOf,
  killLeftovers,
  type RunOutcome,
  runLine,
  startSimRunner,
  walkEnv,
} from '../support/lab-walk.js';
import { labops, repoRoot, tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

/**
 * Checkpoints 1 and 2 on the simulated lab from `--preset fresh`, through real processes
 * (`labops runner --sim`, one `labops run … --yes --json` per step). Docker runs on the web
 * server as in the guide: the runner's DOCKER_HOST is `ssh://ubuntu@<its floating IP>` (the
 * first floating IP of a fresh simulated lab is 127.<its floating block>.7.1, 127.16.7.1 by default;
 * test/support/clean-env.ts gives each test worker a block of its own).
 */
const TIME_SCALE = 0.005;
const FIP = `127.${process.env.LABOPS_SIM_FLOATING_NET ?? 16}.7.1`;
const stateDir = tempDir('labops-cp12-state-');
let redis: EmbeddedRedis;
let env: Record<string, string>;
let runner: { proc: ResultPromise; output: () => string };

/** The criteria of a checkpoint result: title → [passed, measured]. */
function criteria(r: RunOutcome): Map<string, { pass: boolean; measured: string }> {
  const out = new Map<string, { pass: boolean; measured: string }>();
  for (const [name, value] of Object.entries(r.fields)) {
    const m = /^([✔✘]) (.+)$/.exec(name);
    if (m && !name.startsWith('✘ picture:')) out.set(m[2] as string, { pass: m[1] === '✔', measured: value });
  }
  return out;
}

async function checkpoint(n: number): Promise<RunOutcome> {
  const r = await runLine(env, `/checkpoint ${n}`);
  expect(r.state, `${r.message ?? ''}\n${r.stderr.slice(-1500)}`).toBe('completed');
  return r;
}

async function mustComplete(line: string): Promise<RunOutcome> {
  const r = await runLine(env, line);
  expect(r.state, `${line}: ${r.message ?? ''}\n${r.stderr.slice(-1500)}`).toBe('completed');
  return r;
}

/** The stand-in docker by hand on the web server, as a student would type it there. */
const dockerByHand = (...args: string[]) =>
  execa(process.execPath, [join(repoRoot, 'bin', 'sim', 'docker'), ...args], {
    env: { PATH: process.env.PATH ?? '', LABOPS_SIM_DIR: stateDir, DOCKER_HOST: `ssh://ubuntu@${FIP}` },
    extendEnv: false,
    reject: false,
  });

beforeAll(async () => {
  redis = await startTestRedis();
  env = walkEnv(redis.url, { DOCKER_HOST: `ssh://ubuntu@${FIP}` });
  expect((await labops(['keys', 'generate'], env)).exitCode).toBe(0);
  runner = await startSimRunner(env, stateDir, TIME_SCALE);
});

afterAll(async () => {
  runner?.proc.kill('SIGTERM');
  await runner?.proc;
  await killLeftovers(stateDir);
  await redis?.stop();
});

describe('checkpoints 1 and 2 on the simulated lab, from preset fresh', () => {
  it('checkpoint 1 before the web server exists fails, saying what to run', async () => {
    const c = criteria(await checkpoint(1));
    expect(c.get('instance ACTIVE with a floating IP')).toEqual({
      pass: false,
      measured:
        'not yet: run `/deploy webserver` (step 4): the web-server instance is not there yet (no instance juju-openstack-web-server)',
    });
  });

  it('checkpoint 2 before the image exists fails, saying what to run', async () => {
    const c = criteria(await checkpoint(2));
    expect(c.get('image hello-node:v1 present')?.pass).toBe(false);
    expect(c.get('image hello-node:v1 present')?.measured).toMatch(
      /^not yet: run `\/image build v1` \(step 5\): the image is not built yet \(no local image \S*hello-node:v1\)$/,
    );
    expect(c.get('a container from hello-node:v1 running')).toEqual({
      pass: false,
      measured: c.get('image hello-node:v1 present')?.measured,
    });
  });

  it('after /deploy webserver, every criterion of checkpoint 1 passes', async () => {
    const d = await mustComplete('/deploy webserver');
    expect(d.fields['floating IP']).toBe(FIP);
    const r = await checkpoint(1);
    const c = criteria(r);
    expect([...c.keys()]).toEqual([
      'instance ACTIVE with a floating IP',
      'its security group is not default and allows 8080',
      'the page answers',
    ]);
    for (const [title, v] of c) expect(v.pass, `${title}: ${v.measured}`).toBe(true);
    expect(c.get('instance ACTIVE with a floating IP')?.measured).toBe(
      `juju-openstack-web-server: ACTIVE, floating IP ${FIP}`,
    );
    expect(c.get('the page answers')?.measured).toContain('from juju-openstack-web-server: "Hello World!"');
    expect(r.fields['pictures (SHA-256)']?.split('\n')).toHaveLength(3);
  });

  it('after /image build v1 and /image run v1, every criterion of checkpoint 2 passes', async () => {
    await mustComplete('/image build v1');
    const run = await mustComplete('/image run v1');
    expect(run.commands).toContain('docker container run -d -p 8081:8080 hello-node:v1');
    expect(run.summary).toBe(`hello-node:v1 answers at http://${FIP}:8081/`);
    const r = await checkpoint(2);
    const c = criteria(r);
    for (const [title, v] of c) expect(v.pass, `${title}: ${v.measured}`).toBe(true);
    expect(c.get('a container from hello-node:v1 running')?.measured).toMatch(
      /hello-node:v1\): Up .*, 0\.0\.0\.0:8081->8080\/tcp/,
    );
    // The container's hostname is its short id, as Docker sets it.
    const id = (await dockerByHand('container', 'ls', '-q')).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(hostOf(await getOnce(`http://${FIP}:8081/`))).toBe(id);
    expect(c.get('its page answers')?.measured).toContain(`from ${id}: "Hello World!"`);
    expect(r.fields['pictures (SHA-256)']?.split('\n')).toHaveLength(3);
    // Running it again finds it running.
    const again = await mustComplete('/image run v1');
    expect(again.steps.find((s) => s.name.startsWith('docker run'))?.outcome).toBe('already-done');
  });

  it('host ports already taken on the web server fail with Docker’s own words', async () => {
    const web = await dockerByHand('run', '-d', '-p', '8080:8080', 'hello-node:v1');
    expect(web.exitCode).toBe(125);
    expect(web.stderr).toMatch(
      /^docker: Error response from daemon: driver failed programming external connectivity on endpoint \w+ \([0-9a-f]{64}\): Error starting userland proxy: listen tcp4 0\.0\.0\.0:8080: bind: address already in use\.$/m,
    );
    const twice = await dockerByHand('run', '-d', '-p', '8081:8080', 'hello-node:v1');
    expect(twice.exitCode).toBe(125);
    expect(twice.stderr).toContain('Bind for 0.0.0.0:8081 failed: port is already allocated.');
    // Both were created but never started: `docker ps -a` lists them, `docker ps` does not.
    expect((await dockerByHand('ps', '-q')).stdout.trim().split('\n')).toHaveLength(1);
    const all = await dockerByHand('ps', '-a', '--format', '{{.Status}}');
    expect(all.stdout.trim().split('\n').sort()).toEqual(
      ['Created', 'Created', expect.stringMatching(/^Up /)].sort(),
    );
  });

  it('checkpoint 2 fails once the container is stopped, and its page no longer answers', async () => {
    const id = (await dockerByHand('ps', '-q')).stdout.trim();
    const stop = await dockerByHand('stop', id);
    expect(stop.stdout.trim()).toBe(id);
    const until = Date.now() + 10_000;
    while (!(await getOnce(`http://${FIP}:8081/`, 500)).startsWith('error:') && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    const c = criteria(await checkpoint(2));
    expect(c.get('image hello-node:v1 present')?.pass).toBe(true);
    expect(c.get('a container from hello-node:v1 running')).toEqual({
      pass: false,
      measured: 'none of 0 container(s)',
    });
    expect(c.get('its page answers')?.pass).toBe(false);
    expect((await dockerByHand('ps', '-a', '--format', '{{.Status}}')).stdout).toMatch(/^Exited \(137\) /m);
  });
});
