import { readConfig } from '../shared/config.js';
import { createLogger } from '../shared/logger.js';
import { resolveRedisUrl } from './local-state.js';
import { bootRunner, onShutdown } from './runtime.js';

/** `labops runner`: runs until SIGTERM / SIGINT, then shuts down within the configured bound. */
export async function cmdRunner(o: { team?: string }): Promise<void> {
  const config = readConfig();
  const log = createLogger({ level: config.LOG_LEVEL, name: 'runner' });
  const runner = await bootRunner({
    config,
    redisUrl: resolveRedisUrl(config),
    team: o.team ?? config.LABOPS_TEAM,
    log,
  });
  onShutdown(() => runner.close(), log);
}
