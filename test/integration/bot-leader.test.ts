import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaderLease, currentLeader } from '../../src/bot/leader.js';
import { connectRedis } from '../../src/shared/redis.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

/** The bot's leadership lease on a real redis-server: one leader, a standby, fencing. */
let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

let n = 0;
const conn = () => connectRedis(redis.url, 'producer');

describe('the bot leadership lease', () => {
  it('one leader at a time; the standby takes over with a new epoch when the leader lets go', async () => {
    const key = `lease-${n++}`;
    const [ra, rb] = [conn(), conn()];
    const a = createLeaderLease(ra, { key, id: 'bot-a', ttlMs: 1_500, retryMs: 50 });
    const b = createLeaderLease(rb, { key, id: 'bot-b', ttlMs: 1_500, retryMs: 50 });
    const first = await a.acquire();
    let bEpoch: number | undefined;
    const bWaits = b.acquire().then((e) => {
      bEpoch = e;
    });
    await new Promise((r) => setTimeout(r, 2_500));
    // Renewed past its TTL: still the leader, and the standby still waits.
    expect(a.isLeader()).toBe(true);
    expect(bEpoch).toBeUndefined();
    expect(await currentLeader(ra, key)).toEqual({ id: 'bot-a', epoch: first });
    await a.release();
    await bWaits;
    expect(bEpoch).toBe(first + 1);
    expect(b.isLeader()).toBe(true);
    expect(a.isLeader()).toBe(false);
    await b.release();
    ra.disconnect();
    rb.disconnect();
  });

  it('a leader whose Redis connection dies is replaced within the TTL', async () => {
    const key = `lease-${n++}`;
    const [ra, rb] = [conn(), conn()];
    const a = createLeaderLease(ra, { key, id: 'bot-a', ttlMs: 1_000, retryMs: 50 });
    const b = createLeaderLease(rb, { key, id: 'bot-b', ttlMs: 1_000, retryMs: 50 });
    await a.acquire();
    ra.disconnect();
    const started = Date.now();
    await b.acquire();
    expect(Date.now() - started).toBeLessThan(2_000);
    await b.release();
    rb.disconnect();
  });

  it('a leader cut off past its lease is not leader meanwhile, and learns it lost when it is back', async () => {
    const key = `lease-${n++}`;
    const [ra, rb] = [conn(), conn()];
    const a = createLeaderLease(ra, { key, id: 'bot-a', ttlMs: 900, renewMs: 300 });
    const lostWhy: string[] = [];
    a.onLost((why) => lostWhy.push(why));
    await a.acquire();
    // As a paused process: nothing of a reaches Redis while its lease lapses there.
    ra.disconnect();
    const b = createLeaderLease(rb, { key, id: 'bot-b', ttlMs: 900, retryMs: 50 });
    const bEpoch = await b.acquire();
    expect(a.isLeader()).toBe(false);
    expect(a.isLost()).toBe(false);
    await ra.connect();
    await new Promise((r) => setTimeout(r, 700));
    expect(lostWhy).toEqual(['another bot holds the lease']);
    expect(a.isLost()).toBe(true);
    expect(await a.holds()).toBe(false);
    expect(b.epoch()).toBe(bEpoch);
    await b.release();
    ra.disconnect();
    rb.disconnect();
  });

  it('a leader cut off past its lease that nobody took leads again, under a new epoch', async () => {
    const key = `lease-${n++}`;
    const ra = conn();
    const a = createLeaderLease(ra, { key, id: 'bot-a', ttlMs: 900, renewMs: 300 });
    const first = await a.acquire();
    ra.disconnect();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(a.isLeader()).toBe(false);
    await ra.connect();
    await a.whenLeader();
    expect(a.isLost()).toBe(false);
    expect(a.epoch()).toBe(first + 1);
    await a.release();
    ra.disconnect();
  });
});
