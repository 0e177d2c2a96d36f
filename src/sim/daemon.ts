import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { isAlive } from '../shared/process.js';
import type { Preset } from './cloud/index.js';
import { readMeta, startSimLab } from './lab.js';
import { reapOrphans } from './proc-registry.js';

const LABOPS_BIN = fileURLToPath(new URL('../../bin/labops.js', import.meta.url));

/** The default state dir: `$LABOPS_SIM_DIR`, else `~/.local/share/labops/sim`. */
export function defaultSimDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LABOPS_SIM_DIR || join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'labops', 'sim');
}

interface Running {
  pid: number;
  env: Record<string, string>;
  kubeUrl: string;
  startedAt: number;
}

const runFile = (dir: string) => join(dir, 'sim-run.json');

/** The lab daemon serving `dir`, if one runs. */
export function runningLab(dir: string): Running | null {
  if (!existsSync(runFile(dir))) return null;
  const r = JSON.parse(readFileSync(runFile(dir), 'utf8')) as Running;
  return isAlive(r.pid) ? r : null;
}

/** `labops sim serve`: the lab in the foreground until SIGTERM / SIGINT. */
export async function serveLab(opts: {
  stateDir: string;
  preset?: Preset;
  timeScale?: number;
}): Promise<void> {
  const lab = await startSimLab(opts);
  const run: Running = { pid: process.pid, env: lab.env, kubeUrl: lab.kube.url, startedAt: Date.now() };
  writeFileSync(runFile(opts.stateDir), JSON.stringify(run));
  const stop = async () => {
    rmSync(runFile(opts.stateDir), { force: true });
    await lab.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** `labops sim up`: starts the lab daemon in the background (or finds it running). */
export async function labUp(opts: {
  stateDir: string;
  preset?: Preset;
  timeScale?: number;
}): Promise<{ run: Running; started: boolean }> {
  const existing = runningLab(opts.stateDir);
  if (existing) return { run: existing, started: false };
  const { mkdirSync } = await import('node:fs');
  mkdirSync(opts.stateDir, { recursive: true });
  const log = { file: join(opts.stateDir, 'sim.log'), append: true };
  const args = [LABOPS_BIN, 'sim', 'serve', '--state-dir', opts.stateDir];
  if (opts.preset) args.push('--preset', opts.preset);
  if (opts.timeScale !== undefined) args.push('--time-scale', String(opts.timeScale));
  const child = execa(process.execPath, args, {
    detached: true,
    stdin: 'ignore',
    stdout: log,
    stderr: log,
    cleanup: false,
    reject: false,
  });
  child.unref();
  const until = Date.now() + 60_000;
  for (;;) {
    const run = runningLab(opts.stateDir);
    if (run && run.pid === child.pid) return { run, started: true };
    if (child.exitCode !== null || Date.now() > until) {
      const tail = existsSync(join(opts.stateDir, 'sim.log'))
        ? readFileSync(join(opts.stateDir, 'sim.log'), 'utf8').slice(-1500)
        : '';
      throw new Error(`the simulated lab did not start; its log says:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `labops sim down`: stops the daemon and waits for its pods to go, then ends whatever a lab
 * process killed outright left running (pods, instance and container servers, from the
 * state dir's process registry). Says whether a daemon was running and how many were ended.
 */
export async function labDown(stateDir: string): Promise<{ stopped: boolean; reaped: number }> {
  const run = runningLab(stateDir);
  if (run) {
    process.kill(run.pid, 'SIGTERM');
    const until = Date.now() + 20_000;
    while (isAlive(run.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(run.pid)) process.kill(run.pid, 'SIGKILL');
    rmSync(runFile(stateDir), { force: true });
  }
  const reaped = (await reapOrphans(stateDir)) + (await reapOrphans(join(stateDir, 'kube')));
  return { stopped: run !== null, reaped };
}

/**
 * The lab a `runner --sim` drives: the running daemon's, or one started inside the runner
 * process (closed with it).
 */
export async function attachLab(opts: {
  stateDir: string;
  preset?: Preset;
  timeScale?: number;
}): Promise<{ env: Record<string, string>; close(): Promise<void>; inProcess: boolean }> {
  const run = runningLab(opts.stateDir);
  if (run) return { env: run.env, close: async () => {}, inProcess: false };
  const lab = await startSimLab(opts);
  return { env: lab.env, close: () => lab.close(), inProcess: true };
}

export { readMeta };
