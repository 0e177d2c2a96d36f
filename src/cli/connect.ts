import { LabClient } from '../client/lab-client.js';
import type { Config } from '../shared/config.js';
import { waitForRedis } from '../shared/redis.js';
import { loadSigningKey } from './keys.js';

/** The issuing side for CLI commands: a client that can sign. */
export function bootClient(config: Config, redisUrl: string, needKey = true): LabClient {
  return new LabClient(redisUrl, needKey ? loadSigningKey(config) : null);
}

/**
 * `bootClient`, once Redis answers: a command fails within seconds, saying why (Redis away,
 * its TLS certificate refused), instead of waiting on a connection that cannot come.
 */
export async function connectClient(config: Config, redisUrl: string, needKey = true): Promise<LabClient> {
  const client = bootClient(config, redisUrl, needKey);
  try {
    await waitForRedis(client.redis, redisUrl);
  } catch (err) {
    await client.close();
    throw err;
  }
  return client;
}
