import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { fixturePath } from '../support/fixtures.js';
import { labops, labopsDaemon, tempDir, testBin } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
let env: Record<string, string>;
let jujuData: string;

beforeAll(async () => {
  redis = await startTestRedis();
  jujuData = tempDir('labops-juju-');
  env = {
    PATH: `${testBin}:${process.env.PATH}`,
    HOME: tempDir('labops-home-'),
    REDIS_URL: redis.url,
    LABOPS_KEYS_DIR: tempDir('labops-keys-'),
    LABOPS_TEAM: 'cli-e2e',
    JUJU_DATA: jujuData,
    LOG_LEVEL: 'info',
  };
  const keys = await labops(['keys', 'generate'], env);
  expect(keys.exitCode).toBe(0);
});
afterAll(async () => {
  await redis.stop();
});

describe('labops CLI against a runner process whose juju prints real fixtures', () => {
  it.each([
    ['juju-status-openstack-ussuri-juju3.4.json', 3, 17, 19],
    ['juju-status-openstack-ussuri-juju2.9.json', 2, 17, 19],
    ['juju-status-lxd-subordinates-blocked-juju3.6.json', 3, 3, 4],
  ])('labops run "/status" --json returns the parsed summary of %s', async (fixture, major, apps, units) => {
    copyFileSync(fixturePath(fixture), join(jujuData, 'status.json'));
    const runner = await labopsDaemon(['runner'], env, /runner ready/);
    try {
      const r = await labops(['run', '/status', '--json'], env);
      expect(r.exitCode, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        state: string;
        result: { data: { juju: { jujuMajor: number; counts: Record<string, number> } } };
      };
      expect(out.state).toBe('completed');
      expect(out.result.data.juju.jujuMajor).toBe(major);
      expect(out.result.data.juju.counts.applications).toBe(apps);
      expect(out.result.data.juju.counts.units).toBe(units);
      expect(r.stderr).toMatch(/queued as status-/);
    } finally {
      runner.proc.kill('SIGTERM');
      await runner.proc;
    }
  });

  it('refuses bad input with exit 2 and a clear message, and enqueues nothing', async () => {
    const before = JSON.parse((await labops(['jobs', '--json', '-n', '200'], env)).stdout) as unknown[];
    const cases: [string, RegExp][] = [
      ['/nosuch', /unknown command \/nosuch/],
      [`/ping message:${'x'.repeat(201)}`, /message has at most 200 characters/],
      ['/ping a b', /too many values for \/ping/],
      ['/status verbose:yes', /\/status has no option "verbose"/],
      ['/ping "unclosed', /unclosed quote/],
    ];
    for (const [line, why] of cases) {
      const r = await labops(['run', line], env);
      expect(r.exitCode, line).toBe(2);
      expect(r.stderr, line).toMatch(why);
    }
    const after = JSON.parse((await labops(['jobs', '--json', '-n', '200'], env)).stdout) as unknown[];
    expect(after.length).toBe(before.length);
  });

  it('a bad setting stops the command with its name and how to fix it', async () => {
    const r = await labops(['jobs'], { ...env, REDIS_URL: 'localhost:6379' });
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toMatch(
      /REDIS_URL: a URL starting with redis: or rediss:\/\/ .*e\.g\. redis:\/\/127\.0\.0\.1:6379/,
    );
  });

  it('SIGTERM during a job ends the runner cleanly: the job is stopped, its subprocess killed', async () => {
    copyFileSync(fixturePath('juju-status-openstack-ussuri-juju3.4.json'), join(jujuData, 'status.json'));
    writeFileSync(join(jujuData, 'sleep-ms'), '60000');
    const runner = await labopsDaemon(
      ['runner'],
      { ...env, LABOPS_SHUTDOWN_TIMEOUT_MS: '1500' },
      /runner ready/,
    );
    try {
      const run = labops(['run', '/status', '--json'], env);
      const until = Date.now() + 15_000;
      while (!/"argv"|juju status|job started/.test(runner.output()) && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50));
      runner.proc.kill('SIGTERM');
      const ended = await runner.proc;
      // Cancelled at the bound (LABOPS_SHUTDOWN_TIMEOUT_MS): exit 1 with one line saying so.
      expect(ended.exitCode).toBe(1);
      expect(runner.output()).toMatch(
        /^labops runner: 1 job\(s\) still running at the shutdown bound were cancelled$/m,
      );
      const r = await run;
      expect(r.exitCode).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ state: 'failed', code: 'CANCELLED' });
    } finally {
      writeFileSync(join(jujuData, 'sleep-ms'), '0');
      if (runner.proc.exitCode === null) runner.proc.kill('SIGKILL');
    }
  });

  it('the local console of `labops start` runs piped slash commands on its own private Redis', async () => {
    const home = tempDir('labops-start-');
    const r = await labops(
      ['start'],
      { PATH: env.PATH!, HOME: home, LABOPS_KEYS_DIR: join(home, 'keys') },
      '/ping hello\n/nosuch\nexit\n',
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pong from .* \(team default\)/);
    expect(r.stdout).toMatch(/unknown command \/nosuch/);
    expect(r.stderr).toMatch(/private Redis on redis:\/\/127\.0\.0\.1:\d+/);
    expect(existsSync(join(home, 'keys', 'signing.key'))).toBe(true);
  });
});
