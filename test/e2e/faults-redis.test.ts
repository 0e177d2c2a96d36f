import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFaultRunner, until } from '../support/faults.js';
import { enqueue, testClient, testKeys } from '../support/pipeline.js';
import { tempDir } from '../support/procs.js';
import { startTestRedis } from '../support/redis.js';

describe('Redis restarted mid-job (AOF on, same dir and port)', () => {
  it('loses no job: the runner and the client reconnect by themselves and the job finishes', async () => {
    const dir = tempDir('labops-aof-');
    let redis = await startTestRedis({ dir });
    const { port } = redis;
    const keys = testKeys();
    const marker = join(tempDir('labops-fault-'), 'marker');
    const lines = () => (existsSync(marker) ? readFileSync(marker, 'utf8') : '');
    const runner = await startFaultRunner({
      REDIS_URL: redis.url,
      LABOPS_TEAM: 'aof',
      FAULT_MARKER: marker,
      FAULT_STEP_MS: '1500',
      FAULT_VERIFY_KEY: keys.verify.export({ type: 'spki', format: 'pem' }).toString(),
      LABOPS_LOCK_DURATION_MS: '10000',
      LABOPS_STALLED_INTERVAL_MS: '5000',
    });
    const client = testClient(redis.url, keys);
    try {
      const jobId = await enqueue(client, 'aof', 'ping', { message: 'through a restart' });
      const waiting = await enqueue(client, 'aof', 'ping', { message: 'queued behind it' });
      await until(() => lines().includes(' prepare start'), 15_000, 'first step');
      await redis.stop();
      await new Promise((r) => setTimeout(r, 1_000));
      redis = await startTestRedis({ dir, port });
      const a = await client.follow('aof', jobId, {});
      const b = await client.follow('aof', waiting, {});
      expect(a.state).toBe('completed');
      expect(b.state).toBe('completed');
    } finally {
      runner.proc.kill('SIGTERM');
      await runner.proc;
      await client.close();
      await redis.stop();
    }
  });
});
