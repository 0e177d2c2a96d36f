import { describe, expect, it } from 'vitest';
import { readBotSettings } from '../../src/bot/settings.js';
import { parseSentinelUrl } from '../../src/shared/redis-sentinel.js';

/** The bot follows Redis Sentinel from the same settings as the runners and the CLI. */
const base = {
  DISCORD_TOKEN: 'x'.repeat(40),
  DISCORD_APP_ID: '100000000000000001',
  DISCORD_GUILD_ID: '100000000000000002',
};

describe('the bot behind Redis Sentinel', () => {
  it('REDIS_SENTINELS makes REDIS_URL optional and gives the bot a Sentinel target', () => {
    const s = readBotSettings({
      ...base,
      REDIS_SENTINELS: '127.0.0.1:26379,127.0.0.1:26380',
      REDIS_SENTINEL_MASTER: 'labops',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_URL: 'redis://labops-bot:bot-secret@labops',
    });
    const t = parseSentinelUrl(s.REDIS_URL);
    expect(t.name).toBe('labops');
    expect(t.sentinels).toEqual([
      { host: '127.0.0.1', port: 26379 },
      { host: '127.0.0.1', port: 26380 },
    ]);
    expect(t).toMatchObject({
      username: 'labops-bot',
      password: 'bot-secret',
      sentinelPassword: 'sentinel-secret',
    });
  });

  it('without REDIS_URL or REDIS_SENTINELS the bot refuses to start, naming REDIS_URL', () => {
    expect(() => readBotSettings(base)).toThrow(/REDIS_URL: missing/);
  });

  it('REDIS_URL alone stays the plain URL', () => {
    expect(readBotSettings({ ...base, REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe(
      'redis://127.0.0.1:6379',
    );
  });
});
