import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

const PRELOAD = fileURLToPath(new URL('./evidence-backend-preload.cjs', import.meta.url));
/** The lab guide's server.js, run unmodified. */
export const LAB_SERVER = fileURLToPath(new URL('../../assets/hello-node/server.js', import.meta.url));

let runnableServer: Promise<string> | undefined;

/**
 * The repository's package.json says `"type": "module"`, which would make node load the
 * CommonJS server.js as ESM and fail. The file is copied byte for byte next to a package.json
 * that says `commonjs`, so the guide's code runs exactly as students run it.
 */
function labServerCopy(): Promise<string> {
  runnableServer ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'evidence-lab-server-'));
    await writeFile(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    const target = path.join(dir, 'server.js');
    await copyFile(LAB_SERVER, target);
    return target;
  })();
  return runnableServer;
}

/** A running copy of the lab's server.js answering as `host`. */
export interface Backend {
  host: string;
  port: number;
  process: ResultPromise;
  /** Kills the process (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node --require preload server.js` as `host` on a free loopback port. */
export async function startLabBackend(host: string): Promise<Backend> {
  const child = execa(process.execPath, ['--require', PRELOAD, await labServerCopy()], {
    env: { EVIDENCE_BACKEND_HOST: host, EVIDENCE_BACKEND_PORT: '0' },
    extendEnv: false,
    stdout: 'ignore',
    reject: false,
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`backend ${host} did not start`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /evidence-backend listening (\d+)/.exec(buffered);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void child.then((result) => {
      clearTimeout(timer);
      reject(new Error(`backend ${host} exited early: ${result.stderr}`));
    });
  });
  return {
    host,
    port,
    process: child,
    kill: async (signal = 'SIGKILL') => {
      child.kill(signal);
      await child;
    },
  };
}

/** Starts one lab backend per host name. */
export function startLabBackends(hosts: readonly string[]): Promise<Backend[]> {
  return Promise.all(hosts.map((host) => startLabBackend(host)));
}

/** A TCP server on a free loopback port; `onSocket` decides what each connection gets. */
export async function startTcpServer(
  onSocket: (socket: net.Socket) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A backend that accepts connections and resets them at once (TCP RST). */
export function startResettingBackend() {
  return startTcpServer((socket) => socket.resetAndDestroy());
}

/** A backend that accepts connections and never answers. */
export function startSilentBackend() {
  return startTcpServer(() => {});
}

/** A loopback port with nothing listening on it (bound once, then released). */
export async function freePort(): Promise<number> {
  const server = await startTcpServer((socket) => socket.destroy());
  await server.close();
  return server.port;
}
