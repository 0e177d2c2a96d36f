import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../../src/shared/process.js';
import { until } from '../support/faults.js';
import { labops, labopsDaemon, tempDir } from '../support/procs.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

/**
 * SIGTERM ends a runner within LABOPS_SHUTDOWN_TIMEOUT_MS whatever Redis is doing: a real
 * `labops runner` on a real redis-server that is stopped before the signal. Before this
 * bound, such a runner lived on for minutes, printing a connection stack per retry.
 */
const BOUND_MS = 4_000;
/** Process start-up and exit, beyond the bound itself, on a busy 2-core machine. */
const SLACK_MS = 2_500;

let redis: TestRedis | undefined;
const pids: number[] = [];
afterEach(async () => {
  for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await redis?.stop();
  redis = undefined;
});

/** A `juju` that records its pid and hangs, as a controller that never answers. */
function hangingJuju(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const script = join(bin, 'juju');
  writeFileSync(
    script,
    '#!/bin/sh\nif [ "$1" = version ]; then echo 3.6.4-ubuntu-amd64; exit 0; fi\necho $$ >> "$JUJU_DATA/pids"\nexec sleep 600\n',
  );
  chmodSync(script, 0o755);
  return bin;
}

async function setup() {
  redis = await startTestRedis();
  const dir = tempDir('labops-shutdown-');
  const env: Record<string, string> = {
    PATH: `${hangingJuju(dir)}:${process.env.PATH ?? ''}`,
    HOME: dir,
    REDIS_URL: redis.url,
    LABOPS_KEYS_DIR: join(dir, 'keys'),
    LABOPS_SIM: '0',
    LABOPS_OPENRC: join(dir, 'openrc'),
    JUJU_DATA: dir,
    LABOPS_SHUTDOWN_TIMEOUT_MS: String(BOUND_MS),
    LOG_LEVEL: 'info',
  };
  writeFileSync(env.LABOPS_OPENRC as string, 'export OS_AUTH_URL=http://127.0.0.1:9/v3\n');
  expect((await labops(['keys', 'generate'], env)).exitCode).toBe(0);
  const runner = await labopsDaemon(['runner'], env, /runner ready/);
  if (runner.proc.pid) pids.push(runner.proc.pid);
  return { dir, env, runner };
}

/** Sends SIGTERM and resolves with the exit and how long it took. */
async function term(proc: Awaited<ReturnType<typeof setup>>['runner']['proc']) {
  const started = Date.now();
  proc.kill('SIGTERM');
  const r = await proc;
  return { ms: Date.now() - started, exitCode: r.exitCode };
}

describe('SIGTERM with Redis down', () => {
  it('an idle runner exits within the bound, having logged the outage once and no stack', async () => {
    const { runner } = await setup();
    await redis?.stop();
    await until(() => /Redis does not answer/.test(runner.output()), 10_000, 'the outage line');
    // Let ioredis retry a few times: each retry used to print a stack.
    await new Promise((r) => setTimeout(r, 1_500));
    const { ms, exitCode } = await term(runner.proc);
    expect(exitCode).toBe(0);
    expect(ms).toBeLessThan(BOUND_MS + SLACK_MS);
    const out = runner.output();
    expect(out.match(/Redis does not answer/g)).toHaveLength(1);
    expect(out).toContain(`redis://127.0.0.1:${redis?.port}`);
    expect(out).not.toMatch(/\n\s+at .+\(node:/);
  });

  it('a runner in the middle of a hanging tool exits within the bound and leaves no subprocess', async () => {
    const { dir, env, runner } = await setup();
    const client = labops(['run', '/status', '--json'], env);
    const pidFile = join(dir, 'pids');
    await until(() => existsSync(pidFile), 30_000, 'juju status to start');
    const toolPid = Number(readFileSync(pidFile, 'utf8').trim().split('\n')[0]);
    pids.push(toolPid);
    await redis?.stop();
    const { ms, exitCode } = await term(runner.proc);
    client.kill('SIGKILL');
    await client;
    expect(ms).toBeLessThan(BOUND_MS + SLACK_MS);
    // Cancelled at the bound: a clean exit 1 with one line saying so, not death by a signal.
    expect(exitCode).toBe(1);
    expect(runner.output()).toMatch(
      /^labops runner: 1 job\(s\) still running at the shutdown bound were cancelled \(Redis at .+ has not answered for \d+ s\)$/m,
    );
    expect(runner.output()).not.toMatch(/\n\s+at .+\(node:/);
    await until(() => !isAlive(toolPid), 3_000, 'the hanging juju to be gone');
  });

  it('the bot exits within the bound too, having logged the outage once and no stack', async () => {
    const { startBotWorld } = await import('../support/bot-harness.js');
    const w = await startBotWorld({
      recipes: {},
      runner: false,
      env: { LABOPS_SHUTDOWN_TIMEOUT_MS: String(BOUND_MS), LABOPS_HTTP_PORT: '0' },
    });
    try {
      await w.redis.stop();
      await until(() => /Redis does not answer/.test(w.bot.output()), 10_000, 'the outage line');
      await new Promise((r) => setTimeout(r, 1_500));
      const { ms, exitCode } = await term(w.bot.proc);
      expect(ms).toBeLessThan(BOUND_MS + SLACK_MS);
      expect(exitCode).not.toBe(null);
      expect(w.bot.output().match(/Redis does not answer/g)).toHaveLength(1);
      expect(w.bot.output()).not.toMatch(/\n\s+at .+\(node:/);
    } finally {
      await w.standIn.close();
    }
  });
});
