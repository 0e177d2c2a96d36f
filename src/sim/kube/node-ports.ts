/** Node port allocation: a random free port of the 30000-32767 range, like the real allocator. */
import net from 'node:net';

const MIN = 30000;
const MAX = 32767;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port of the node port range that no service holds and that can be bound on 127.0.0.1. */
export async function allocateNodePort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = MIN + Math.floor(Math.random() * (MAX - MIN + 1));
    if (!taken.has(port) && (await bindable(port))) return port;
  }
  throw new Error('range of valid node ports is exhausted');
}
