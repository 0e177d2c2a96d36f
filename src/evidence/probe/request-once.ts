import { getMaxListeners, setMaxListeners } from 'node:events';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { classifyError } from './classify-error.js';
import { ReplyReader } from './http-reply.js';
import { describeBody } from './reply-body.js';
import { requestViaNode } from './request-node.js';
import type { RequestDone, RequestOnceOptions } from './request-types.js';
import type { RequestOutcome } from './types.js';

export type { RequestDone, RequestOnceOptions } from './request-types.js';

const DEFAULT_MAX_BODY = 64 * 1024;

/** Where to connect and the bytes to send, built once per URL. */
interface Target {
  host: string;
  port: number;
  request: Buffer;
}
const targets = new WeakMap<URL, Target>();

function targetOf(url: URL): Target {
  let target = targets.get(url);
  if (target === undefined) {
    const auth =
      url.username || url.password
        ? `Authorization: Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}\r\n`
        : '';
    const head = `GET ${url.pathname || '/'}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${auth}User-Agent: labops-probe\r\nConnection: close\r\n\r\n`;
    target = {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? 80 : Number(url.port),
      request: Buffer.from(head, 'latin1'),
    };
    targets.set(url, target);
  }
  return target;
}

// Every socket reads into this one buffer: a read is handled synchronously before the next
// one, and the reader copies what it keeps.
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * One GET on a fresh TCP connection (`Connection: close`): a kept-alive connection would
 * stick to one backend and hide how the load balancer spreads connections. Calls `done` once,
 * with the outcome or, when `signal` aborts, with `{ abort: reason }`.
 * Plain http goes over a bare socket with a prebuilt request and a small reply reader;
 * https goes through node:https.
 */
export function sendOnce(opts: RequestOnceOptions, done: RequestDone): void {
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  if (opts.url.protocol !== 'http:') {
    requestViaNode(opts, maxBody, done);
    return;
  }
  const { timeoutMs, origin, signal } = opts;
  const target = targetOf(opts.url);
  const startedAt = performance.now() - origin;
  const reader = new ReplyReader(maxBody);
  let settled = false;

  let closed = false;
  let replied = false;
  const finish = (outcome: RequestOutcome | { abort: unknown }) => {
    if (settled) return;
    settled = true;
    if (signal) signal.removeEventListener('abort', onAbort);
    if (replied && !closed) {
      // The server closes after its reply (`Connection: close`); letting it close first is
      // cheaper than closing here, and leaves TIME_WAIT on its side, as `ab` does. The timer
      // (unref'd) still ends a connection the server keeps open.
      socket.unref();
      timer.unref();
    } else {
      clearTimeout(timer);
      socket.destroy();
    }
    done(outcome);
  };
  const fail = (err: unknown) => {
    finish({ ok: false, ...classifyError(err), startedAt, endedAt: performance.now() - origin });
  };
  const complete = () => {
    replied = true;
    const endedAt = performance.now() - origin;
    const status = reader.status;
    if (status >= 200 && status < 300) {
      const { host, message } = describeBody(reader.body());
      finish(
        message === undefined
          ? { ok: true, host, status, startedAt, endedAt }
          : { ok: true, host, status, startedAt, endedAt, message },
      );
    } else {
      finish({ ok: false, kind: `http_${status}`, detail: `HTTP ${status}`, startedAt, endedAt });
    }
  };

  const socket = net.connect({
    host: target.host,
    port: target.port,
    noDelay: true,
    onread: {
      buffer: readBuffer,
      callback: (nread: number, buf: Uint8Array) => {
        if (settled) return true; // bytes after the reply: read on, to the server's close
        try {
          reader.push((buf as Buffer).subarray(0, nread));
        } catch (err) {
          fail(err);
          return false;
        }
        if (reader.done) complete();
        return true;
      },
    },
  });
  socket.on('error', fail);
  socket.on('end', () => {
    // The server closed its side: a reply read to the close is complete, anything else cut.
    if (settled) return;
    if (reader.endsAtClose) complete();
    else fail(cutShort(reader.status === 0 ? 'socket hang up' : 'reply cut short'));
  });
  socket.on('close', () => {
    closed = true;
    if (settled) clearTimeout(timer);
    else fail(cutShort(reader.status === 0 ? 'socket hang up' : 'reply cut short'));
  });
  socket.write(target.request);

  const timer = setTimeout(() => {
    if (settled) {
      socket.destroy();
      return;
    }
    const endedAt = performance.now() - origin;
    finish({
      ok: false,
      kind: 'timeout',
      detail: `no complete reply within ${timeoutMs} ms`,
      startedAt,
      endedAt,
    });
  }, timeoutMs);
  const onAbort = () => finish({ abort: signal?.reason });
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
}

function cutShort(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

/**
 * One GET on a fresh TCP connection; see {@link sendOnce}.
 * Resolves with the outcome; rejects only when `signal` aborts.
 */
export function requestOnce(opts: RequestOnceOptions): Promise<RequestOutcome> {
  opts.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    sendOnce(opts, (result) => {
      if ('abort' in result) reject(result.abort);
      else resolve(result);
    });
  });
}

/**
 * Lets `signal` carry one abort listener per request in flight (plus the caller's own) without
 * Node's "possible EventTarget memory leak" warning, which starts at 10.
 */
export function allowInFlight(signal: AbortSignal | undefined, inFlight: number): void {
  if (!signal) return;
  const want = inFlight + 10;
  if (getMaxListeners(signal) < want) setMaxListeners(want, signal);
}
