import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError } from '../shared/config.js';
import { isAlive } from '../shared/process.js';
import { redisUrlFromSettings } from '../shared/redis-sentinel.js';

/**
 * `npm start` advertises its private Redis here, so `labops run` in another terminal finds
 * the running labops without any setting.
 */
const file = (config: Config) => join(config.keysDir, 'local.json');

export function advertiseLocal(config: Config, info: { redisUrl: string; team: string }): void {
  mkdirSync(config.keysDir, { recursive: true, mode: 0o700 });
  writeFileSync(file(config), JSON.stringify({ ...info, pid: process.pid }), { mode: 0o600 });
}

export function withdrawLocal(config: Config): void {
  try {
    const cur = JSON.parse(readFileSync(file(config), 'utf8')) as { pid?: number };
    if (cur.pid === process.pid) rmSync(file(config), { force: true });
  } catch {
    /* nothing advertised */
  }
}

/**
 * Where Redis is: the sentinels (REDIS_SENTINELS, as a `redis-sentinel://` target), REDIS_URL,
 * or the private Redis of a running `npm start`; a clear error otherwise.
 */
export function resolveRedisUrl(config: Config): string {
  const configured = redisUrlFromSettings(config);
  if (configured) return configured;
  if (existsSync(file(config))) {
    const cur = JSON.parse(readFileSync(file(config), 'utf8')) as { redisUrl?: string; pid?: number };
    if (cur.redisUrl && cur.pid && isAlive(cur.pid)) return cur.redisUrl;
  }
  throw new ConfigError(
    'REDIS_URL is not set and no local labops is running: start one with `npm start`, or set REDIS_URL (e.g. redis://127.0.0.1:6379)',
  );
}
