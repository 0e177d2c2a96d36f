import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { Recipe } from '../../src/runners/recipe.js';
import { startRunner } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/shared/artifacts.js';
import { readConfig } from '../../src/shared/config.js';
import { UserError } from '../../src/shared/errors.js';
import { createLogger } from '../../src/shared/logger.js';
import { createRedactor, secretEnvValues } from '../../src/shared/redact.js';
import { connectRedis } from '../../src/shared/redis.js';
import { enqueue, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

const r = () => randomBytes(12).toString('hex');
const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();
const env = {
  OS_PASSWORD: `envpw${r()}`,
  LABOPS_DOCKERHUB_TOKEN: `hubtok${r()}`,
  PATH: process.env.PATH ?? '',
};
/** Each planted secret: the text a tool prints, and the values that must never come out. */
const planted: [string, string[]][] = [
  [`export OS_PASSWORD=openrc${r()}`, []],
  [`      password: clouds${r()}`, []],
  [`      application_credential_secret: appcred${r()}`, []],
  [`      token: cloudtok${r()}`, []],
  [`OS_PASSWORD: ${env.OS_PASSWORD}`, [env.OS_PASSWORD]],
  [`Initial Root Token: hvs.${r()}${r()}`, []],
  [`Unseal Key 1: unseal${r()}+/=`, []],
  [`vault token hvs.${r()}abcdefgh`, []],
  [`docker login -p dckr_pat_${r()}`, []],
  [pem, pem.split('\n').filter((l) => l && !l.startsWith('-----'))],
  [rsa, rsa.split('\n').filter((l) => l && !l.startsWith('-----'))],
  [`cert: ${Buffer.from(rsa).toString('base64')}`, [Buffer.from(rsa).toString('base64').slice(20, 80)]],
  [
    `    client-key-data: ${Buffer.from(pem).toString('base64')}`,
    [Buffer.from(pem).toString('base64').slice(20, 60)],
  ],
  [`    token: kubetok${r()}`, []],
  [`curl -H 'Authorization: Bearer eyJ${r()}${r()}'`, []],
  [`pushed with ${env.LABOPS_DOCKERHUB_TOKEN}`, [env.LABOPS_DOCKERHUB_TOKEN]],
];
/** The secret part of a line whose value is its last word (after `: `, `=`, a space). */
const secretsOf = ([line, extra]: [string, string[]]) => {
  if (extra.length) return extra;
  const m = /([^\s=:'"]{12,})'?$/.exec(line.trim());
  return [m?.[1] ?? line];
};
const allSecrets = planted.flatMap(secretsOf);
const output = planted.map(([l]) => l).join('\n');

const leaky: Recipe<{ message: string }> = {
  job: 'ping',
  steps: [
    {
      name: 'print',
      apply: async (d, ctx) => {
        await ctx.exec({
          argv: [
            process.execPath,
            '-e',
            'process.stdout.write(process.argv[1]); process.stderr.write(process.argv[1])',
            output,
          ],
          timeoutMs: 10_000,
        });
        if (d.message === 'user-error') throw new UserError('TOOL_FAILED', `could not log in:\n${output}`);
        if (d.message === 'internal') throw new Error(`crashed with ${output}`);
        if (d.message === 'exec-fails')
          await ctx.exec({
            argv: [process.execPath, '-e', 'console.log(process.argv[1]); process.exit(3)', output],
            timeoutMs: 10_000,
          });
        return output;
      },
      timeoutMs: 20_000,
    },
  ],
  result: () => ({ summary: `done: ${output}`, fields: [{ name: 'out', value: output }] }),
};

async function dumpRedis(conn: ReturnType<typeof connectRedis>): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await conn.scan(cursor, 'COUNT', 500);
    cursor = next;
    for (const k of batch) {
      parts.push(k);
      const type = await conn.type(k);
      if (type === 'string') parts.push((await conn.getBuffer(k))?.toString('latin1') ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await conn.hgetall(k)));
      else if (type === 'list') parts.push(JSON.stringify(await conn.lrange(k, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await conn.smembers(k)));
      else if (type === 'zset') parts.push(JSON.stringify(await conn.zrange(k, 0, -1)));
      else if (type === 'stream') parts.push(JSON.stringify(await conn.xrange(k, '-', '+')));
    }
  } while (cursor !== '0');
  return parts.join('\n');
}

describe('planted secrets never leave the runner', () => {
  it('not in Redis (job data, results, logs, events, artifacts) nor in the runner log lines', async () => {
    const keys = testKeys();
    const team = 'secrets';
    const logLines: string[] = [];
    const destination = new Writable({
      write(chunk, _e, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    });
    const redact = createRedactor(secretEnvValues(env));
    const conn = connectRedis(redis.url, 'producer');
    const runner = await startRunner({
      team,
      config: readConfig({ LABOPS_TEAM: team }),
      redisUrl: redis.url,
      verifyKey: keys.verify,
      recipes: { ping: leaky },
      log: createLogger({ level: 'debug', name: 'runner', redact, destination }),
      redact,
      artifacts: artifactStore(conn, team, { ttlS: 600, maxBytes: 8 << 20 }),
      env,
      logDir: mkdtempSync(join(tmpdir(), 'labops-secret-logs-')),
      concurrency: 2,
      shutdownTimeoutMs: 3_000,
    });
    const client = testClient(redis.url, keys);
    try {
      const outcomes = [];
      for (const message of ['ok', 'user-error', 'internal', 'exec-fails']) {
        const id = await enqueue(client, team, 'ping', { message });
        outcomes.push(
          await client.follow(team, id, { onProgress: (e) => void logLines.push(JSON.stringify(e)) }),
        );
      }
      expect(outcomes.map((o) => o.state)).toEqual(['completed', 'failed', 'failed', 'failed']);
      const everything = `${await dumpRedis(conn)}\n${logLines.join('\n')}\n${JSON.stringify(outcomes)}`;
      expect(everything).toContain('[REDACTED]');
      const leaked = allSecrets.filter((s) => everything.includes(s));
      for (const s of leaked.slice(0, 4)) {
        const i = everything.indexOf(s);
        process.stderr.write(`LEAK ${s.slice(0, 30)} :: ${everything.slice(Math.max(0, i - 300), i + 60)}\n`);
      }
      expect(leaked).toEqual([]);
    } finally {
      await client.close();
      await runner.close();
      conn.disconnect();
    }
  });
});
