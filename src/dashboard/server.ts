import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Redis } from 'ioredis';
import { isAlive } from '../shared/process.js';
import { type DashboardDeps, dashboardApp } from './app.js';
import { createSignInToken, type Viewer } from './auth.js';

/** A node request handler of the dashboard, to mount on an existing HTTP server. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The dashboard as a node request handler. */
export function dashboardListener(deps: DashboardDeps): RequestHandler {
  const listener = getRequestListener(dashboardApp(deps).fetch);
  return (req, res) => void listener(req, res);
}

/** The public address of the dashboard: LABOPS_DASHBOARD_URL, else this host on `port`. */
export function dashboardBaseUrl(port: number, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.LABOPS_DASHBOARD_URL?.trim();
  return configured ? configured.replace(/\/+$/, '') : `http://127.0.0.1:${port}`;
}

/**
 * A one-time sign-in link for `viewer` at `base` (valid 10 minutes, usable once). The link is
 * the only place the token appears: print or send it, never log it.
 */
export async function createSignInLink(redis: Redis, base: string, viewer: Viewer): Promise<string> {
  return `${base}/signin?t=${await createSignInToken(redis, viewer)}`;
}

/** A standalone dashboard server (for `labops start`, which has no bot). */
export async function startDashboardServer(opts: {
  port: number;
  host: string;
  deps: DashboardDeps;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(dashboardListener(opts.deps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Where a running `labops start` advertises its dashboard (beside `local.json`). */
const localFile = (keysDir: string) => join(keysDir, 'dashboard.json');

/** Advertises this process's dashboard address, for `labops dashboard url`. */
export function advertiseDashboard(keysDir: string, url: string): void {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  writeFileSync(localFile(keysDir), JSON.stringify({ url, pid: process.pid }), { mode: 0o600 });
}

/** Withdraws the advertisement when it is this process's. */
export function withdrawDashboard(keysDir: string): void {
  try {
    const cur = JSON.parse(readFileSync(localFile(keysDir), 'utf8')) as { pid?: number };
    if (cur.pid === process.pid) rmSync(localFile(keysDir), { force: true });
  } catch {
    /* nothing advertised */
  }
}

/** The dashboard address a running `labops start` advertises, if its process is alive. */
export function findLocalDashboard(keysDir: string): string | undefined {
  if (!existsSync(localFile(keysDir))) return undefined;
  try {
    const cur = JSON.parse(readFileSync(localFile(keysDir), 'utf8')) as { url?: string; pid?: number };
    return cur.url && cur.pid && isAlive(cur.pid) ? cur.url : undefined;
  } catch {
    return undefined;
  }
}
