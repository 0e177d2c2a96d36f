import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import { startTestRedis } from './redis.js';

/** A test file's own redis-server and a connection to it, ready in its tests. */
export interface FileRedis {
  readonly server: EmbeddedRedis;
  readonly url: string;
  readonly conn: Redis;
}

/**
 * Starts a redis-server for the calling test file before its tests and stops it after them;
 * the returned object's fields are set once the file's `beforeAll` hooks ran.
 */
export function useFileRedis(): FileRedis {
  let server: EmbeddedRedis | undefined;
  let conn: Redis | undefined;
  beforeAll(async () => {
    server = await startTestRedis();
    conn = new Redis(server.url);
  });
  afterAll(async () => {
    conn?.disconnect();
    await server?.stop();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`useFileRedis: ${what} is used before the file's beforeAll ran`);
    return v;
  };
  return {
    get server() {
      return ready(server, 'the server');
    },
    get url() {
      return ready(server, 'the server').url;
    },
    get conn() {
      return ready(conn, 'the connection');
    },
  };
}
