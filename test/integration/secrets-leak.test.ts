import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { startRunner } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { readConfig } from '../../src/shared/config.js';
import { createLogger } from '../../src/shared/logger.js';
import { createRedactor, secretEnvValues } from '../../src/shared/redact.js';
import { connectRedis } from '../../src/shared/redis.js';
import { enqueue, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';
import { leaksIn, plantSecrets } from '../support/secret-plant.js';

let redis: EmbeddedRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

const { env, secrets: allSecrets, recipe: leaky } = plantSecrets();

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
      expect(leaksIn(everything, allSecrets)).toEqual([]);
    } finally {
      await client.close();
      await runner.close();
      conn.disconnect();
    }
  });
});
