import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/shared/process.js';
import { until } from '../support/faults.js';
import { labops, tempDir } from '../support/procs.js';

/**
 * The simulated lab's processes end with their owner: a lab process killed outright
 * (SIGKILL, which gives it no chance to stop its children) leaves no pod behind, and
 * `labops sim down` ends whatever such an owner left in the state dir's process registry.
 */
const home = tempDir('labops-orphans-home-');
const stateDir = join(tempDir('labops-orphans-'), 'lab');
const env = { PATH: process.env.PATH ?? '', HOME: home };
const started: number[] = [];

afterAll(async () => {
  await labops(['sim', 'down', '--state-dir', stateDir], env);
  for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/**
 * Whether `pid` still runs: a process that exited but that its new parent (PID 1 for an
 * orphan) has not reaped yet is a zombie, which `kill(pid, 0)` still finds.
 */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const tracked = (dir: string): number[] => {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => Number(f.slice(0, -5)));
  } catch {
    return [];
  }
};

describe('no orphans from the simulated lab', () => {
  it('pods end when the lab process that started them is killed with SIGKILL', async () => {
    const up = await labops(['sim', 'up', '--preset', 'ready', '--state-dir', stateDir], env);
    expect(up.exitCode, up.stderr).toBe(0);
    const kubectl = (...args: string[]) =>
      execa('kubectl', args, { env: { ...env, KUBECONFIG: join(stateDir, 'client', 'kubeconfig') } });
    await kubectl(
      'create',
      'deployment',
      'hello-node',
      '--image=docker.io/labops/hello-node:v1',
      '--replicas=2',
    );
    const pods = await until(
      () =>
        tracked(join(stateDir, 'kube', 'procs')).length === 2
          ? tracked(join(stateDir, 'kube', 'procs'))
          : null,
      30_000,
      'two pod processes',
    );
    started.push(...pods);
    expect(pods.every(running)).toBe(true);
    const daemon = (JSON.parse(readFileSync(join(stateDir, 'sim-run.json'), 'utf8')) as { pid: number }).pid;
    process.kill(daemon, 'SIGKILL');
    await until(() => pods.every((p) => !running(p)), 15_000, 'the pods of the killed lab to end');
  });

  it('`labops sim down` ends what a killed owner left in the registry', async () => {
    // A process recorded by an owner that is gone (pid 1 below is alive, so use a dead child's).
    const ghost = execa('sleep', ['600'], { detached: true, reject: false });
    const deadOwner = execa('true');
    await deadOwner;
    const stat = readFileSync(`/proc/${ghost.pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    mkdirSync(join(stateDir, 'procs'), { recursive: true });
    writeFileSync(
      join(stateDir, 'procs', `${ghost.pid}.json`),
      JSON.stringify({ owner: deadOwner.pid, start }),
    );
    started.push(ghost.pid as number);
    const down = await labops(['sim', 'down', '--state-dir', stateDir], env);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/ended 1 process\(es\) left by a lab that was killed/);
    await ghost;
    expect(running(ghost.pid as number)).toBe(false);
  });
});
