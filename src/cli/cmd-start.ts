import { existsSync } from 'node:fs';
import { readConfig } from '../shared/config.js';
import { createLogger } from '../shared/logger.js';
import { runConsole } from './console.js';
import { type EmbeddedRedis, startEmbeddedRedis } from './embedded-redis.js';
import { signingKeyPath, verifyKeyPath, writeKeyPair } from './keys.js';
import { advertiseLocal, withdrawLocal } from './local-state.js';
import { bootClient, bootRunner } from './runtime.js';

/**
 * `npm start`: everything on embedded defaults. A private Redis when REDIS_URL is unset,
 * a key pair when none exists, a runner, and the local console on stdin/stdout.
 */
export async function cmdStart(o: { team?: string }): Promise<number> {
  const config = readConfig();
  const team = o.team ?? config.LABOPS_TEAM;
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: 'labops', pretty: true });
  if (
    !config.LABOPS_SIGNING_KEY &&
    !existsSync(signingKeyPath(config.keysDir)) &&
    !existsSync(verifyKeyPath(config.keysDir))
  ) {
    writeKeyPair(config.keysDir);
    process.stderr.write(`labops: created a job-signing key pair in ${config.keysDir}\n`);
  }
  let redis: EmbeddedRedis | undefined;
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    redis = await startEmbeddedRedis();
    redisUrl = redis.url;
    process.stderr.write(`labops: private Redis on ${redisUrl} (data in ${redis.dir})\n`);
  }
  advertiseLocal(config, { redisUrl, team });
  const runner = await bootRunner({ config, redisUrl, team, log });
  const client = bootClient(config, redisUrl);
  const stop = async () => {
    withdrawLocal(config);
    await client.close();
    await runner.close();
    await redis?.stop();
  };
  const onSignal = () => void stop().then(() => process.exit(0));
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  await runConsole(client, team);
  await stop();
  return 0;
}
