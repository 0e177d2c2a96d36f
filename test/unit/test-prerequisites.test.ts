import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../support/clean-env.js';
import { missingPrerequisites } from '../support/global-setup.js';

const empty = mkdtempSync(join(tmpdir(), 'labops-empty-path-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('the test run’s prerequisites', () => {
  it('with none of the tools, one line names each and the Debian packages that install them', () => {
    const line = missingPrerequisites({ PATH: empty, CHROMIUM_PATH: join(empty, 'chromium') });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^TEST_PREREQUISITES: redis-server, kubectl, chromium, openssl not found/);
    expect(line).toContain(
      'sudo apt-get install redis-server kubernetes-client chromium fonts-dejavu-core openssl',
    );
  });

  it('names only what is missing', () => {
    const line = missingPrerequisites({ ...process.env, CHROMIUM_PATH: join(empty, 'chromium') });
    expect(line).toMatch(
      /^TEST_PREREQUISITES: chromium not found; .*apt-get install chromium fonts-dejavu-core$/,
    );
  });

  it('is silent on a machine that has them all (this one)', () => {
    expect(missingPrerequisites()).toBe('');
  });
});

describe('the caller’s environment', () => {
  it('REDIS_URL, Sentinel, LABOPS_* and the lab tools’ settings are dropped; test knobs and PATH kept', () => {
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin',
      REDIS_URL: 'redis://elsewhere:6379',
      REDIS_SENTINELS: 's1:26379',
      LABOPS_TEAM: 'mine',
      LABOPS_SIGNING_KEY: 'k',
      DISCORD_TOKEN: 't',
      KUBECONFIG: '/home/me/.kube/config',
      OS_CLOUD: 'lab',
      LABOPS_FULL: '1',
      LABOPS_REAL_FIXTURES: '/x',
    };
    expect(cleanEnv(env).sort()).toEqual(
      [
        'DISCORD_TOKEN',
        'KUBECONFIG',
        'LABOPS_SIGNING_KEY',
        'LABOPS_TEAM',
        'OS_CLOUD',
        'REDIS_SENTINELS',
        'REDIS_URL',
      ].sort(),
    );
    expect(env).toEqual({ PATH: '/usr/bin', LABOPS_FULL: '1', LABOPS_REAL_FIXTURES: '/x' });
  });

  it('this test process sees none of them', () => {
    expect(Object.keys(process.env).filter((k) => /^(REDIS_|DISCORD_)/.test(k))).toEqual([]);
    expect(process.env.LABOPS_SIM_FLOATING_NET).toMatch(/^\d+$/);
  });
});
