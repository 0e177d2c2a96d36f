import net from 'node:net';
import type { ContainerState } from '../state/types.js';

/**
 * Where the simulated engine publishes ports. One engine stands for every Docker daemon; a
 * container remembers the DOCKER_HOST it was run with, and its published ports answer on that
 * daemon's address: the web server's floating IP for `ssh://ubuntu@<floating IP>`, this
 * machine (127.0.0.1) for the local socket.
 */

/** Pure: the address a DOCKER_HOST (`ssh://user@h`, `tcp://h:2376`, unset, `unix://…`) publishes on. */
export function engineAddress(dockerHost: string | null | undefined): string {
  if (!dockerHost || dockerHost.startsWith('unix:')) return '127.0.0.1';
  try {
    return new URL(dockerHost).hostname || '127.0.0.1';
  } catch {
    return '127.0.0.1';
  }
}

/** Pure: a container holds its published ports while it runs (records without a state are running). */
export const isRunning = (c: ContainerState): boolean => (c.state ?? 'running') === 'running';

/** Pure: the running container of the same daemon that already publishes host port `port`, if any. */
export function holderOf(
  containers: readonly ContainerState[],
  address: string,
  port: number,
): ContainerState | undefined {
  return containers.find(
    (c) => isRunning(c) && engineAddress(c.dockerHost) === address && c.ports.some((p) => p.host === port),
  );
}

/** Whether something outside Docker (the instance's own server.js) already listens on `address:port`. */
export function portInUse(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE'));
    probe.listen({ host: address, port, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/**
 * Docker's error when a published port cannot be bound, as the daemon words it: another
 * container holds it (`port is already allocated`), or another process listens there (the
 * userland proxy's bind error). The CLI prefixes `docker: ` and exits 125.
 */
export function bindError(name: string, id: string, port: number, byContainer: boolean): string {
  const why = byContainer
    ? `Bind for 0.0.0.0:${port} failed: port is already allocated`
    : `Error starting userland proxy: listen tcp4 0.0.0.0:${port}: bind: address already in use`;
  return `docker: Error response from daemon: driver failed programming external connectivity on endpoint ${name} (${id}): ${why}.\n`;
}
