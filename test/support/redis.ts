import { type EmbeddedRedis, startEmbeddedRedis } from '../../src/cli/embedded-redis.js';

/** A real redis-server of the test's own, on a free port, removed afterwards. */
export async function startTestRedis(opts: { dir?: string; port?: number } = {}): Promise<EmbeddedRedis> {
  return startEmbeddedRedis(opts);
}
