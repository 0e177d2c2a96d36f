import net from 'node:net';

/**
 * A connection-level round-robin TCP proxy on loopback, like a load balancer: each new client
 * connection goes to the next backend port in turn. When a backend refuses or resets, the
 * client connection is reset too, so the failure is visible to the prober.
 */
export class RoundRobinProxy {
  private backends: number[];
  private next = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  /** Connections handed to each backend port. */
  readonly assigned = new Map<number, number>();

  constructor(backendPorts: readonly number[]) {
    this.backends = [...backendPorts];
    this.server = net.createServer({ allowHalfOpen: true }, (client) => this.forward(client));
  }

  /** Listens on a free loopback port and returns it. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  add(port: number): void {
    this.backends.push(port);
  }

  remove(port: number): void {
    this.backends = this.backends.filter((p) => p !== port);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private forward(client: net.Socket): void {
    this.track(client);
    const port = this.backends[this.next++ % Math.max(this.backends.length, 1)];
    if (port === undefined) {
      client.resetAndDestroy();
      return;
    }
    this.assigned.set(port, (this.assigned.get(port) ?? 0) + 1);
    const upstream = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    this.track(upstream);
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('error', () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
