import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { ConfigError } from '../shared/config.js';

/** Asks the kernel for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface EmbeddedRedis {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A private `redis-server` for the embedded default: AOF on, `noeviction` (the only policy
 * BullMQ is safe with), loopback only, in a temp dir, on a free port. Argv only, no shell.
 */
export async function startEmbeddedRedis(
  opts: { dir?: string; port?: number; keep?: boolean } = {},
): Promise<EmbeddedRedis> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'labops-redis-'));
  const port = opts.port ?? (await freePort());
  let child: ResultPromise;
  try {
    child = execa(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      { reject: false, stdin: 'ignore', cleanup: true },
    );
  } catch {
    throw missing();
  }
  const exited = child.then((r) => r);
  const ready = await Promise.race([
    waitPort(port).then(() => 'ready' as const),
    exited.then((r) =>
      r.code === 'ENOENT' || /ENOENT/.test(String(r.message)) ? ('missing' as const) : ('exited' as const),
    ),
  ]);
  if (ready === 'missing') throw missing();
  if (ready === 'exited')
    throw new Error(`redis-server exited at start: ${String((await exited).stderr ?? '').slice(0, 400)}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
      child.kill('SIGKILL');
      if (!opts.keep && !opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function missing(): ConfigError {
  return new ConfigError(
    'REDIS_URL is not set and `redis-server` is not installed: install the Debian/Ubuntu package `redis-server` (sudo apt-get install redis-server), or set REDIS_URL',
  );
}

async function waitPort(port: number, timeoutMs = 10_000): Promise<void> {
  const { connect } = await import('node:net');
  const started = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.end('PING\r\n');
        s.once('data', (d) => resolve(d.toString().startsWith('+PONG')));
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
