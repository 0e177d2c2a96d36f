import type { KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeRedisPort } from '../../src/shared/redis.js';
import { testKeys } from '../support/pipeline.js';
import { labops, tempDir } from '../support/procs.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

/**
 * A Redis URL whose scheme does not match the server stops a runner at start-up, in seconds,
 * naming the setting. Before, a runner given `rediss://` for a plain port retried forever.
 */
const pem = (k: KeyObject) =>
  k.export({ type: k.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString();
/** Process start included, on a loaded 2-core machine; the old behaviour never ended. */
const BOUND_MS = 20_000;

let plain: TestRedis;
let tls: TestRedis;
let base: Record<string, string>;
beforeAll(async () => {
  [plain, tls] = await Promise.all([startTestRedis(), startTestRedis({ tls: true })]);
  const keys = testKeys();
  base = {
    PATH: process.env.PATH ?? '',
    HOME: tempDir('labops-scheme-'),
    LABOPS_SIM: '0',
    LABOPS_VERIFY_KEY: pem(keys.verify),
    LABOPS_SIGNING_KEY: pem(keys.signing),
  };
});
afterAll(async () => {
  await Promise.all([plain?.stop(), tls?.stop()]);
});

async function runner(url: string) {
  const started = Date.now();
  const r = await labops(['runner'], { ...base, REDIS_URL: url, LABOPS_REDIS_CA: tls.certs?.ca ?? '' });
  return { ...r, ms: Date.now() - started };
}

describe('a Redis URL whose scheme does not match the server', () => {
  it('the port probe tells a plain Redis from a TLS-only one, and nothing listening from both', async () => {
    expect(await probeRedisPort(plain.url)).toBe('plain');
    expect(await probeRedisPort(tls.url)).toBe('tls');
    const { freePort } = await import('../../src/cli/embedded-redis.js');
    expect(await probeRedisPort(`redis://127.0.0.1:${await freePort()}`)).toBe('unknown');
  });

  it('rediss:// on a plain port: the runner stops at start-up naming REDIS_URL', async () => {
    const r = await runner(plain.url.replace(/^redis:/, 'rediss:'));
    expect(r.exitCode, r.stderr).toBe(78);
    expect(r.stderr).toMatch(/REDIS_URL \(rediss:\/\/.+\) asks for TLS, but that port answers plain Redis/);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('redis:// on a TLS-only port: the runner stops at start-up naming REDIS_URL', async () => {
    const r = await runner(tls.url.replace(/^rediss:/, 'redis:'));
    expect(r.exitCode, r.stderr).toBe(78);
    expect(r.stderr).toMatch(
      /REDIS_URL \(redis:\/\/.+\) is a plain redis:\/\/ URL, but that port takes only TLS/,
    );
    expect(r.ms).toBeLessThan(BOUND_MS);
  });
});
