/** Starting one pod's container as a `node` process and waiting for its port to answer. */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { execa, type ResultPromise } from 'execa';

/** Everything needed to start the container process. */
export interface SpawnSpec {
  podName: string;
  rootDir: string;
  nodeArgs: string[];
  /** containerPort → loopback port. */
  ports: Map<number, number>;
  env: Record<string, string>;
  logPath: string;
  preloadPath: string;
  graceMs: number;
}

/** Finds a free loopback TCP port by binding port 0. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Spawns `node --require <preload> <args>` in the pod's root, with stdout and stderr appended
 * to the pod's log (what `kubectl logs` shows). Never through a shell.
 */
export function spawnContainer(spec: SpawnSpec): ResultPromise {
  mkdirSync(spec.rootDir, { recursive: true });
  const portMap = [...spec.ports].map(([from, to]) => `${from}=${to}`).join(',');
  return execa(process.execPath, ['--require', spec.preloadPath, ...spec.nodeArgs], {
    cwd: spec.rootDir,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOSTNAME: spec.podName,
      ...spec.env,
      LABOPS_POD_NAME: spec.podName,
      LABOPS_PORT_MAP: portMap,
      LABOPS_GRACE_MS: String(spec.graceMs),
      LABOPS_SIM_OWNER: String(process.pid),
    },
    stdin: 'ignore',
    stdout: { file: spec.logPath, append: true },
    stderr: { file: spec.logPath, append: true },
    reject: false,
    cleanup: true,
    forceKillAfterDelay: spec.graceMs + 1000,
  });
}
