import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { requestOnce } from '../../src/evidence/probe/index.js';
import type { RequestOutcome } from '../../src/evidence/probe/types.js';

// Raw TCP servers, so each reply's bytes (framing, pauses, a close mid-body) are exact.
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that gets each connection's request head (up to the empty line) and answers with `reply`. */
async function rawServer(
  reply: (socket: net.Socket, head: string) => void,
): Promise<{ url: string; heads: string[] }> {
  const heads: string[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (d) => {
      if (head.includes('\r\n\r\n')) return;
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        heads.push(head);
        reply(socket, head);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, heads };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

async function once(url: string, timeoutMs = 3000, maxBodyBytes?: number): Promise<RequestOutcome> {
  return requestOnce({ url: new URL(url), timeoutMs, origin: performance.now(), maxBodyBytes });
}

describe('requestOnce over a bare socket', () => {
  it('sends one GET with Host, User-Agent and Connection: close', async () => {
    const { url, heads } = await rawServer((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\npod-a'));
    const outcome = await once(`${url}path/x?q=1`);
    expect(outcome).toMatchObject({ ok: true, host: 'pod-a', status: 200 });
    const port = new URL(url).port;
    expect(heads[0]).toBe(
      `GET /path/x?q=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: labops-probe\r\nConnection: close\r\n\r\n`,
    );
  });

  it('decodes a chunked body sent in pieces, and is done at the last chunk without waiting for the close', async () => {
    const { url } = await rawServer(async (s) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n');
      await tick();
      s.write('\r\n12;ext=1\r\n{"host"');
      await tick();
      s.write(': "pod-c", \r\n');
      await tick();
      s.write('14\r\n"message": "Hello!"}\r\n0\r\nX-Trailer: 1\r\n\r\n');
      // The connection stays open: the terminal chunk ends the reply.
    });
    const outcome = await once(url, 3000);
    expect(outcome).toMatchObject({ ok: true, host: 'pod-c', message: 'Hello!', status: 200 });
    expect(outcome.endedAt - outcome.startedAt).toBeLessThan(1500);
  });

  it('keeps only the first maxBodyBytes of a long body, and reads the rest', async () => {
    // Whole, this one-line body is too long to be a host name; cut at 16 bytes it is `pod-b`.
    const body = `pod-b${' '.repeat(11)}${'x'.repeat(200_000)}`;
    const { url } = await rawServer(async (s) => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      for (let at = 0; at < body.length; at += 50_000) {
        s.write(body.slice(at, at + 50_000));
        await tick();
      }
    });
    expect(await once(url, 3000, 16)).toMatchObject({ ok: true, host: 'pod-b' });
    expect(await once(url, 3000)).toMatchObject({ ok: true, host: '(unknown)' });
  });

  it('reads a body without length or chunking to the close', async () => {
    const { url } = await rawServer(async (s) => {
      s.write('HTTP/1.1 200 OK\r\n\r\n{ "host": pod-d,');
      await tick();
      s.end(' "message": "to the end"}');
    });
    expect(await once(url)).toMatchObject({ ok: true, host: 'pod-d', message: 'to the end' });
  });

  it('calls a body cut short by the close a reset, not an answer', async () => {
    const { url } = await rawServer(async (s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"host": "pod-e"');
      await tick();
      s.end();
    });
    expect(await once(url)).toMatchObject({
      ok: false,
      kind: 'reset',
      detail: 'ECONNRESET: reply cut short',
    });
  });

  it('calls a close before any reply a reset (socket hang up)', async () => {
    const { url } = await rawServer((s) => s.end());
    expect(await once(url)).toMatchObject({ ok: false, kind: 'reset', detail: 'ECONNRESET: socket hang up' });
  });

  it('times out a server that never answers, at the deadline', async () => {
    const { url } = await rawServer(() => {});
    const t0 = performance.now();
    const outcome = await once(url, 300);
    const took = performance.now() - t0;
    expect(outcome).toMatchObject({ ok: false, kind: 'timeout', detail: 'no complete reply within 300 ms' });
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2000);
  }, 5000);

  it('times out a reply that stalls mid-body', async () => {
    const { url } = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npod'));
    expect(await once(url, 300)).toMatchObject({ ok: false, kind: 'timeout' });
  }, 5000);

  it('calls a port with nothing listening refused', async () => {
    const { url } = await rawServer(() => {});
    await new Promise((r) => (servers.pop() as net.Server).close(r));
    expect(await once(url)).toMatchObject({ ok: false, kind: 'refused' });
  });

  it('reports a non-2xx answer as http_<status> once its body is in', async () => {
    const { url } = await rawServer((s) =>
      s.write('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 9\r\n\r\nno pods\r\n'),
    );
    expect(await once(url)).toMatchObject({ ok: false, kind: 'http_503', detail: 'HTTP 503' });
  });

  it('skips an interim 100 Continue and reads the real reply', async () => {
    const { url } = await rawServer((s) =>
      s.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\npod-f'),
    );
    expect(await once(url)).toMatchObject({ ok: true, host: 'pod-f' });
  });

  it('classifies a reply that is not HTTP as other', async () => {
    const { url } = await rawServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    expect(await once(url)).toMatchObject({ ok: false, kind: 'other' });
  });

  it('rejects with the reason when aborted, and closes the connection', async () => {
    const { url } = await rawServer(() => {});
    const controller = new AbortController();
    const pending = requestOnce({
      url: new URL(url),
      timeoutMs: 5000,
      origin: performance.now(),
      signal: controller.signal,
    });
    await tick();
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    for (let i = 0; i < 50 && sockets.size > 0; i++) await tick();
    expect(sockets.size).toBe(0);
  });
});
