import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cmdAcl } from '../../src/cli/cmd-acl.js';
import { resolveRedisUrl } from '../../src/cli/local-state.js';
import { aclUsers, userUrl } from '../../src/services/acl.js';
import { ConfigError, readConfig } from '../../src/shared/config.js';
import { safeUrl } from '../../src/shared/redis.js';
import {
  parseSentinelList,
  parseSentinelUrl,
  reconnectOnReadonly,
  redisUrlFromSettings,
  sentinelRedisOptions,
  sentinelUrl,
} from '../../src/shared/redis-sentinel.js';

const base = { LABOPS_KEYS_DIR: '/nonexistent-labops-keys' };
const ha = {
  ...base,
  REDIS_SENTINELS: 's1:26379, s2:26380,[::1]:26381',
  REDIS_SENTINEL_MASTER: 'labops',
  REDIS_SENTINEL_PASSWORD: 'sent:pw@/',
  REDIS_URL: 'redis://labops-bot:p%40ss%2Fw@labops',
};

describe('Sentinel settings', () => {
  it('REDIS_SENTINELS with REDIS_SENTINEL_MASTER make a redis-sentinel:// target with the data user of REDIS_URL', () => {
    const url = resolveRedisUrl(readConfig(ha));
    const t = parseSentinelUrl(url);
    expect(t).toEqual({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      name: 'labops',
      username: 'labops-bot',
      password: 'p@ss/w',
      sentinelPassword: 'sent:pw@/',
    });
    expect(parseSentinelUrl(sentinelUrl(t))).toEqual(t);
    const opts = sentinelRedisOptions(t);
    expect(opts).toMatchObject({ name: 'labops', failoverDetector: true, sentinelPassword: 'sent:pw@/' });
    expect(opts).toMatchObject({ username: 'labops-bot', password: 'p@ss/w', role: 'master' });
  });

  it('without REDIS_SENTINELS, REDIS_URL is used as it is', () => {
    expect(redisUrlFromSettings({ REDIS_URL: 'redis://h:1' })).toBe('redis://h:1');
    expect(redisUrlFromSettings({})).toBeUndefined();
  });

  it('refuses half a Sentinel setting, a bad list, a bad name and TLS, naming the setting', () => {
    const bad = (env: Record<string, string>, re: RegExp) => {
      expect(() => readConfig({ ...base, ...env })).toThrow(ConfigError);
      expect(() => readConfig({ ...base, ...env })).toThrow(re);
    };
    bad({ REDIS_SENTINELS: 's1:26379' }, /REDIS_SENTINEL_MASTER: required with REDIS_SENTINELS/);
    bad({ REDIS_SENTINEL_MASTER: 'labops' }, /REDIS_SENTINELS: required/);
    bad({ REDIS_SENTINELS: 's1', REDIS_SENTINEL_MASTER: 'x' }, /REDIS_SENTINELS: host:port/);
    bad({ REDIS_SENTINELS: 's1:99999', REDIS_SENTINEL_MASTER: 'x' }, /REDIS_SENTINELS/);
    bad(
      { REDIS_SENTINELS: 's1:1', REDIS_SENTINEL_MASTER: 'a b' },
      /REDIS_SENTINEL_MASTER: a master group name/,
    );
    bad(
      { ...ha, REDIS_URL: 'rediss://u:p@labops' },
      /REDIS_URL: rediss:\/\/ \(TLS\) is not supported through Sentinel/,
    );
    expect(parseSentinelList('a:1,,b:2')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ]);
    expect(() => parseSentinelUrl('redis-sentinel://a:1')).toThrow(ConfigError);
  });

  it('safeUrl hides both passwords of a Sentinel target', () => {
    const url = resolveRedisUrl(readConfig(ha));
    const shown = safeUrl(url);
    expect(shown).not.toContain('p%40ss');
    expect(shown).not.toContain('sent:pw');
    expect(shown).not.toContain('sent%3Apw');
    expect(shown).toContain('labops-bot:***@s1:26379,s2:26380,[::1]:26381/labops?sentinelPassword=***');
  });

  it('READONLY (a demoted primary) reconnects and resends; other errors do not', () => {
    expect(reconnectOnReadonly(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnectOnReadonly(new Error('ERR unknown command'))).toBe(false);
  });
});

describe('ACL users for Sentinel and replicas', () => {
  it('--ha adds the users of redis.io\'s "ACL rules for Sentinel and Replicas", nothing more', () => {
    const users = aclUsers(['a'], { 'labops-sentinel': 'sp', 'labops-replica': 'rp' }, { ha: true });
    const s = users.find((u) => u.role === 'sentinel')!;
    const r = users.find((u) => u.role === 'replica')!;
    expect(s.rules).toEqual([
      ...['reset', 'on', '>sp', '&*', '-@all', '+multi', '+slaveof', '+ping', '+exec', '+subscribe'],
      ...['+config|rewrite', '+role', '+publish', '+info', '+client|setname', '+client|kill', '+script|kill'],
    ]);
    expect(r.rules).toEqual(['reset', 'on', '>rp', '-@all', '+psync', '+replconf', '+ping']);
    expect(aclUsers(['a']).map((u) => u.role)).toEqual(['bot', 'runner']);
  });

  it('userUrl on a Sentinel target keeps the sentinels and changes the data user', () => {
    const url = resolveRedisUrl(readConfig(ha));
    const t = parseSentinelUrl(userUrl(url, 'runner-a', 'x y'));
    expect(t).toMatchObject({ username: 'runner-a', password: 'x y', sentinelPassword: 'sent:pw@/' });
  });
});

describe('labops acl behind Sentinel (printed, not applied)', () => {
  const run = async (env: Record<string, string>, o: { ha?: boolean } = {}) => {
    let text = '';
    const out = new Writable({
      write(chunk, _enc, cb) {
        text += String(chunk);
        cb();
      },
    });
    await cmdAcl({ teams: 'a', ...o }, out, { ...base, ...env });
    return text;
  };

  it('with REDIS_SENTINELS: the sentinel and replica users, and a REDIS_URL that names only the user', async () => {
    const text = await run({ ...ha, REDIS_URL: 'redis://default:adm@labops' });
    expect(text).toMatch(/^ACL SETUSER labops-sentinel reset on >\S+ &\* -@all \+multi .*\+script\|kill$/m);
    expect(text).toMatch(/^ACL SETUSER labops-replica reset on >\S+ -@all \+psync \+replconf \+ping$/m);
    expect(text).toMatch(/^# in each sentinel\.conf: sentinel auth-user labops labops-sentinel$/m);
    expect(text).toMatch(/^# REDIS_URL=redis:\/\/runner-a:\S+@labops {2}\(with REDIS_SENTINELS/m);
    expect(text).not.toContain('redis-sentinel://');
  });

  it('without it, only with --ha; a single Redis gets the usual URLs', async () => {
    expect(await run({})).not.toContain('labops-sentinel');
    const text = await run({ REDIS_URL: 'redis://h:6379' }, { ha: true });
    expect(text).toContain('ACL SETUSER labops-replica');
    expect(text).toMatch(/^# REDIS_URL=redis:\/\/runner-a:\S+@h:6379$/m);
  });
});
