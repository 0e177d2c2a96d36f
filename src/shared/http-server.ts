import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

/** One readiness check: resolves true when the dependency is usable. */
export type ReadyCheck = () => Promise<boolean>;

/** The operations endpoint of a process. */
export interface OpsServer {
  /** The port it listens on (the one asked for, or the one the kernel chose for 0). */
  port: number;
  close(): Promise<void>;
}

/** The paths of the operations endpoint itself. */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** How long one readiness check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * A small HTTP server for operations: `GET /healthz` (200 while the process runs),
 * `GET /readyz` (200 when every check passes, else 503; the body names each check) and
 * `GET /metrics` (Prometheus text format). Nothing else; no request body is read.
 */
export async function startOpsServer(opts: {
  port: number;
  host?: string;
  registry: Registry;
  checks: Record<string, ReadyCheck>;
  /** When given, `/healthz` answers 200 with `{ ok: true, ...health() }` as JSON (details, never a failure). */
  health?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Any other path goes here (the dashboard); without it, other paths answer 404. */
  app?: (req: IncomingMessage, res: ServerResponse) => void;
  log?: Logger;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (opts.app && !OPS_PATHS.has(path ?? '/')) return opts.app(req, res);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz' && opts.health) {
      const health = opts.health;
      void Promise.resolve()
        .then(() => health())
        .catch((err: Error) => ({ detailsError: err.message }))
        .then((h) => send(200, 'application/json', `${JSON.stringify({ ok: true, ...h })}\n`));
      return;
    }
    if (path === '/healthz') return send(200, 'text/plain', 'ok\n');
    if (path === '/readyz') {
      void readiness(opts.checks).then(({ ok, results }) =>
        send(ok ? 200 : 503, 'application/json', `${JSON.stringify({ ready: ok, checks: results })}\n`),
      );
      return;
    }
    if (path === '/metrics') {
      opts.registry.metrics().then(
        (text) => send(200, opts.registry.contentType, text),
        (err: Error) => {
          opts.log?.warn({ err: err.message }, 'metrics collection failed');
          send(500, 'text/plain', 'metrics collection failed\n');
        },
      );
      return;
    }
    send(404, 'text/plain', 'not found: try /healthz, /readyz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  opts.log?.info({ port, host: opts.host ?? '0.0.0.0' }, 'operations endpoint listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs every check with a time bound; a throw or a timeout counts as not ready. */
async function readiness(checks: Record<string, ReadyCheck>) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), CHECK_TIMEOUT_MS).unref());
      const ok = await Promise.race([check().catch(() => false), timeout]);
      return [name, ok] as const;
    }),
  );
  return { ok: entries.every(([, ok]) => ok), results: Object.fromEntries(entries) };
}

/** A check that Redis answers PING on `redis` (a connection of the process's own). */
export function redisCheck(redis: { ping(): Promise<string> }): ReadyCheck {
  return async () => (await redis.ping()) === 'PONG';
}
