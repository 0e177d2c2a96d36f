import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { keys } from '../../src/jobs/queue.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { createExec } from '../../src/shared/exec.js';
import { connectRedis } from '../../src/shared/redis.js';
import { startTestRedis } from '../support/redis.js';

// What each tool may see of the runner's environment, through the real subprocess wrapper; and
// artifacts' size limit and TTL on a real Redis.

/** A `tool` on a PATH of its own that prints the names of the variables it was given. */
function fakeTool(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'exec-env-'));
  const file = join(dir, name);
  writeFileSync(file, "#!/usr/bin/env node\nconsole.log(Object.keys(process.env).sort().join('\\n'));\n");
  chmodSync(file, 0o755);
  return file;
}

const runnerEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/home/cloud',
  OS_PASSWORD: 'os-secret',
  OS_AUTH_URL: 'https://10.0.0.5:5000/v3',
  DOCKER_HOST: 'ssh://ubuntu@10.0.0.9',
  DOCKER_CONFIG: '/home/cloud/.docker',
  VAULT_TOKEN: 'hvs.root',
  KUBECONFIG: '/home/cloud/.kube/config',
  REDIS_URL: 'redis://:pw@127.0.0.1:6379',
  LABOPS_SIGNING_KEY: '/keys/signing.key',
  LABOPS_SIM_DIR: '/tmp/sim',
};

async function seen(tool: string): Promise<string[]> {
  const exec = createExec({ redact: (s) => s, baseEnv: runnerEnv });
  const r = await exec({ argv: [fakeTool(tool)], timeoutMs: 20_000, capture: 'full' });
  await exec.close();
  return r.stdout.split('\n').filter((n) => n && !['PWD', 'SHLVL', '_'].includes(n));
}

describe('each tool sees only the variables it needs', () => {
  it('docker gets DOCKER_*, not OpenStack, Vault, Kubernetes or labops secrets', async () => {
    const names = await seen('docker');
    expect(names).toEqual(expect.arrayContaining(['DOCKER_HOST', 'DOCKER_CONFIG', 'HOME', 'PATH']));
    for (const hidden of [
      'OS_PASSWORD',
      'OS_AUTH_URL',
      'VAULT_TOKEN',
      'KUBECONFIG',
      'REDIS_URL',
      'LABOPS_SIGNING_KEY',
    ])
      expect(names).not.toContain(hidden);
  });

  it('openstack gets OS_*, not the Docker or Vault ones', async () => {
    const names = await seen('openstack');
    expect(names).toEqual(expect.arrayContaining(['OS_PASSWORD', 'OS_AUTH_URL']));
    for (const hidden of ['DOCKER_HOST', 'VAULT_TOKEN', 'REDIS_URL', 'LABOPS_SIGNING_KEY'])
      expect(names).not.toContain(hidden);
  });

  it('juju gets neither OpenStack passwords nor Redis; an unknown tool only the base set', async () => {
    const juju = await seen('juju');
    for (const hidden of ['OS_PASSWORD', 'DOCKER_HOST', 'VAULT_TOKEN', 'REDIS_URL'])
      expect(juju).not.toContain(hidden);
    const other = await seen('something-else');
    expect(other.filter((n) => !n.startsWith('LABOPS_SIM_'))).toEqual(['HOME', 'PATH']);
  });
});

describe('the job log on a full disk', () => {
  it('a log file that cannot be written stops the log, not the command nor the runner', async () => {
    // /dev/full answers every write with ENOSPC, as a full disk does.
    const exec = createExec({ redact: (s) => s, baseEnv: runnerEnv, logFile: '/dev/full' });
    const r = await exec({
      argv: [process.execPath, '-e', "for (let i = 0; i < 20000; i++) console.log('line ' + i)"],
      timeoutMs: 30_000,
    });
    await exec.close();
    expect(r.exitCode).toBe(0);
    expect(r.tail.at(-1)).toBe('line 19999');
  });
});

describe('artifacts in Redis', () => {
  let redis: EmbeddedRedis;
  let conn: ReturnType<typeof connectRedis>;
  beforeAll(async () => {
    redis = await startTestRedis();
    conn = connectRedis(redis.url, 'producer');
  });
  afterAll(async () => {
    conn?.disconnect();
    await redis?.stop();
  });

  it('refuses one over the size limit and stores nothing; keeps one under it with the TTL', async () => {
    const store = artifactStore(conn, 'team-a', { ttlS: 120, maxBytes: 1024 });
    await expect(store.put('big.png', 'image/png', Buffer.alloc(1025))).rejects.toThrow(
      /big\.png is 1025 bytes, over the limit of 1024 bytes/,
    );
    expect(await conn.keys('labops:team-a:*')).toEqual([]);
    const ref = await store.put('ok.png', 'image/png', Buffer.alloc(1024, 7));
    const ttl = await conn.ttl(keys.artifact('team-a', ref.id));
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    expect((await store.get(ref.id))?.body.equals(Buffer.alloc(1024, 7))).toBe(true);
    // Another team's store does not see it.
    expect(await artifactStore(conn, 'team-b', { ttlS: 120, maxBytes: 1024 }).get(ref.id)).toBeNull();
  });
});
