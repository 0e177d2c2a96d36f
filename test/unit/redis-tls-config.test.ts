import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, readRedisTls } from '../../src/shared/config.js';
import { redisTlsOptions } from '../../src/shared/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'labops-ca-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'notes.txt');
writeFileSync(notPem, 'not a certificate\n');

describe('LABOPS_REDIS_CA and LABOPS_REDIS_TLS_SERVERNAME', () => {
  it('a readable PEM bundle and a DNS name are taken, and reach the TLS options', () => {
    const env = { LABOPS_REDIS_CA: caFile, LABOPS_REDIS_TLS_SERVERNAME: 'redis.lab' };
    expect(readConfig(env)).toMatchObject(env);
    expect(readRedisTls(env)).toEqual({
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
      servername: 'redis.lab',
    });
    expect(redisTlsOptions(env)).toEqual({ ca: expect.any(String), servername: 'redis.lab' });
    expect(redisTlsOptions({})).toEqual({});
    expect(redisTlsOptions({ LABOPS_REDIS_CA: '' })).toEqual({});
  });

  it.each([
    [
      { LABOPS_REDIS_CA: join(dir, 'missing.pem') },
      /LABOPS_REDIS_CA: cannot read .*missing\.pem: no such file/,
    ],
    [{ LABOPS_REDIS_CA: dir }, /LABOPS_REDIS_CA: cannot read .*: a directory, not a file/],
    [{ LABOPS_REDIS_CA: notPem }, /LABOPS_REDIS_CA: .*notes\.txt holds no PEM certificate/],
    [{ LABOPS_REDIS_TLS_SERVERNAME: '10.0.0.5' }, /LABOPS_REDIS_TLS_SERVERNAME: .*not an IP address/],
    [{ LABOPS_REDIS_TLS_SERVERNAME: 'rediss://redis.lab' }, /LABOPS_REDIS_TLS_SERVERNAME: a DNS name/],
  ])('%o stops start-up with the setting and how to fix it', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
    expect(() => readRedisTls(env)).toThrow(message);
  });

  it('the hint says what the CA file is', () => {
    expect(() => readConfig({ LABOPS_REDIS_CA: join(dir, 'x.pem') })).toThrow(
      /the PEM file of the CA that signed the Redis server's TLS certificate/,
    );
  });
});
