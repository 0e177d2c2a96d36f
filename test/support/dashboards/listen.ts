import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a stand-in's server on a free port: its origin, and a close that drops open connections. */
export async function listenLocal(
  server: Server,
  host = '127.0.0.1',
): Promise<{ origin: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port, address } = server.address() as AddressInfo;
  return {
    origin: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
