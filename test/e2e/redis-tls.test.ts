import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, redisTlsOptions, waitForRedis } from '../../src/shared/redis.js';
import { testKeys } from '../support/pipeline.js';
import { labops, labopsDaemon, tempDir } from '../support/procs.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

const pem = (k: KeyObject) =>
  k.export({ type: k.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString();

/** How long a refused connection may take to be said, process start included (a loaded machine). */
const BOUND_MS = 45_000;

/** No stack frame in `text`: the error is said, not dumped. */
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+[(:]\d+/m);

/** Runs `labops args` and measures how long it took. */
async function timed(args: string[], env: Record<string, string>) {
  const started = Date.now();
  const r = await labops(args, env);
  return { ...r, ms: Date.now() - started };
}

let redis: TestRedis;
let base: Record<string, string>;
/** rediss:// URLs of the ACL users that `labops acl --apply` installed over TLS. */
let botUrl: string;
let runnerUrl: string;
let stopRunner: (() => Promise<unknown>) | undefined;

beforeAll(async () => {
  const dir = tempDir('labops-tls-');
  mkdirSync(join(dir, 'keys'));
  redis = await startTestRedis({ tls: true, password: 'admin-secret' });
  const keys = testKeys();
  base = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    LABOPS_KEYS_DIR: join(dir, 'keys'),
    LABOPS_SIM: '0',
    LABOPS_VERIFY_KEY: pem(keys.verify),
    LABOPS_SIGNING_KEY: pem(keys.signing),
  };
});
afterAll(async () => {
  await stopRunner?.();
  await redis?.stop();
});

describe('Redis over TLS (a TLS-only redis-server with a private CA)', () => {
  it('labops acl --apply installs the ACL users over rediss:// with LABOPS_REDIS_CA', async () => {
    expect(redis.url).toMatch(/^rediss:\/\/default:admin-secret@localhost:\d+$/);
    const r = await labops(['acl', '--apply', '--json', '--teams', 'default'], {
      ...base,
      REDIS_URL: redis.url,
      LABOPS_REDIS_CA: redis.certs!.ca,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { user: string; url: string; applied: boolean }[];
    botUrl = rows.find((u) => u.user === 'labops-bot')!.url;
    runnerUrl = rows.find((u) => u.user === 'runner-default')!.url;
    expect(botUrl).toMatch(/^rediss:\/\/labops-bot:[^@]+@localhost:\d+$/);
    expect(runnerUrl).toMatch(/^rediss:\/\/runner-default:[^@]+@localhost:\d+$/);
    expect(rows.every((u) => u.applied)).toBe(true);
  });

  it('a real runner and `labops run "/ping"` work over rediss:// as ACL users', async () => {
    const runner = await labopsDaemon(
      ['runner'],
      { ...base, REDIS_URL: runnerUrl, LABOPS_REDIS_CA: redis.certs!.ca },
      /runner ready/,
      60_000,
    );
    stopRunner = async () => {
      runner.proc.kill('SIGTERM');
      await runner.proc;
    };
    const run = await labops(['run', '/ping over-tls', '--json'], {
      ...base,
      REDIS_URL: botUrl,
      LABOPS_REDIS_CA: redis.certs!.ca,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'completed' });
    expect(run.stdout).toContain('pong');

    // Both connected as their ACL users (the server has no plain port), and nothing was denied.
    const admin = connectRedis(redis.url, 'producer', {
      tls: redisTlsOptions({ LABOPS_REDIS_CA: redis.certs!.ca }),
    });
    try {
      const clients = String(await admin.call('CLIENT', 'LIST'));
      expect(clients).toContain('user=runner-default');
      expect((await admin.call('ACL', 'LOG')) as unknown[]).toEqual([]);
      const audit = (await admin.xrange('labops:audit', '-', '+')).map(([, f]) => f.join(' '));
      expect(audit.some((e) => e.includes('enqueued'))).toBe(true);
    } finally {
      admin.disconnect();
    }
  });

  it('without LABOPS_REDIS_CA, labops run says the certificate is not trusted, at once and without a stack', async () => {
    const r = await timed(['run', '/ping'], { ...base, REDIS_URL: botUrl });
    expect(r.exitCode, r.stderr).toBe(78);
    expect(r.stderr).toMatch(/TLS certificate is not signed by a CA this machine trusts/);
    expect(r.stderr).toMatch(/Set LABOPS_REDIS_CA to the PEM file of the CA that signed it/);
    expect(r.stderr).not.toContain(decodeURIComponent(new URL(botUrl).password));
    noStack(r.stderr);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('a CA that did not sign the certificate is refused too, naming LABOPS_REDIS_CA', async () => {
    const r = await timed(['jobs'], { ...base, REDIS_URL: botUrl, LABOPS_REDIS_CA: redis.certs!.otherCa });
    expect(r.exitCode, r.stderr).toBe(78);
    expect(r.stderr).toContain(`not signed by the CA in LABOPS_REDIS_CA (${redis.certs!.otherCa})`);
    noStack(r.stderr);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('a runner without the CA stops at start with the same message', async () => {
    const r = await timed(['runner'], { ...base, REDIS_URL: runnerUrl });
    expect(r.exitCode, r.stderr).toBe(78);
    expect(r.stderr).toMatch(/TLS certificate is not signed by a CA this machine trusts.*LABOPS_REDIS_CA/);
    noStack(r.stderr);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('an unreadable LABOPS_REDIS_CA stops the command with the setting and how to fix it', async () => {
    const missing = join(redis.certs!.dir, 'nope.pem');
    const r = await labops(['run', '/ping'], { ...base, REDIS_URL: botUrl, LABOPS_REDIS_CA: missing });
    expect(r.exitCode).toBe(78);
    expect(r.stderr).toContain(`LABOPS_REDIS_CA: cannot read ${missing}: no such file`);
    expect(r.stderr).toMatch(/the PEM file of the CA that signed the Redis server's TLS certificate/);
    const notPem = await labops(['run', '/ping'], {
      ...base,
      REDIS_URL: botUrl,
      LABOPS_REDIS_CA: redis.certs!.key,
    });
    expect(notPem.exitCode).toBe(78);
    expect(notPem.stderr).toMatch(/LABOPS_REDIS_CA: .*holds no PEM certificate/);
  });

  it('a redis:// URL against the TLS-only port fails within the bound, pointing at rediss://', async () => {
    const r = await timed(['run', '/ping'], {
      ...base,
      REDIS_URL: botUrl.replace(/^rediss:/, 'redis:'),
      LABOPS_REDIS_CA: redis.certs!.ca,
    });
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/does not answer/);
    expect(r.stderr).toMatch(/if it takes only TLS connections, use a rediss:\/\/ URL/);
    noStack(r.stderr);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('LABOPS_REDIS_TLS_SERVERNAME: a certificate without the URL host is refused, unless the setting names it', async () => {
    const byIp = botUrl.replace('@localhost:', '@127.0.0.1:');
    const refused = await timed(['run', '/ping'], {
      ...base,
      REDIS_URL: byIp,
      LABOPS_REDIS_CA: redis.certs!.ca,
    });
    expect(refused.exitCode, refused.stderr).toBe(78);
    expect(refused.stderr).toMatch(/TLS certificate is for another name.*LABOPS_REDIS_TLS_SERVERNAME/);
    noStack(refused.stderr);
    expect(refused.ms).toBeLessThan(BOUND_MS);

    const named = await labops(['run', '/ping by-name', '--json'], {
      ...base,
      REDIS_URL: byIp,
      LABOPS_REDIS_CA: redis.certs!.ca,
      LABOPS_REDIS_TLS_SERVERNAME: 'redis.lab.test',
    });
    expect(named.exitCode, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({ state: 'completed' });
  });

  it('connectRedis verifies the certificate even when asked not to, and waitForRedis says why', async () => {
    const redisTls = redisTlsOptions({ LABOPS_REDIS_CA: redis.certs!.otherCa });
    const c = connectRedis(redis.url, 'producer', { tls: { ...redisTls, rejectUnauthorized: false } });
    try {
      await expect(waitForRedis(c, redis.url)).rejects.toThrow(/TLS certificate is not signed/);
    } finally {
      c.disconnect();
    }
    const ok = connectRedis(redis.url, 'producer', {
      tls: redisTlsOptions({
        LABOPS_REDIS_CA: redis.certs!.ca,
        LABOPS_REDIS_TLS_SERVERNAME: 'redis.lab.test',
      }),
    });
    try {
      await waitForRedis(ok, redis.url);
      expect(await ok.ping()).toBe('PONG');
    } finally {
      ok.disconnect();
    }
  });
});
