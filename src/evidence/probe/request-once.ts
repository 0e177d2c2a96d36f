import { getMaxListeners, setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { classifyError } from './classify-error.js';
import { parseHost, parseMessage } from './parse-host.js';
import type { RequestOutcome } from './types.js';

/** Options of a single probe request. */
export interface RequestOnceOptions {
  url: URL;
  timeoutMs: number;
  /** performance.now() value that outcome times are relative to. */
  origin: number;
  signal?: AbortSignal;
  /** Bodies are cut here: a host name is in the first bytes, and a huge page must not fill memory. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 64 * 1024;

/**
 * One GET on a fresh TCP connection (no agent, `Connection: close`): a kept-alive connection
 * would stick to one backend and hide how the load balancer spreads connections.
 * Resolves with the outcome; rejects only when `signal` aborts.
 */
export function requestOnce(opts: RequestOnceOptions): Promise<RequestOutcome> {
  const { url, timeoutMs, origin, signal } = opts;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  signal?.throwIfAborted();
  const startedAt = performance.now() - origin;

  return new Promise((resolve, reject) => {
    let settled = false;
    let timedOut = false;
    const settle = (outcome: RequestOutcome | { abort: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if ('abort' in outcome) reject(outcome.abort);
      else resolve(outcome);
    };
    const fail = (err: unknown) => {
      const endedAt = performance.now() - origin;
      if (timedOut) {
        settle({
          ok: false,
          kind: 'timeout',
          detail: `no complete reply within ${timeoutMs} ms`,
          startedAt,
          endedAt,
        });
      } else {
        settle({ ok: false, ...classifyError(err), startedAt, endedAt });
      }
    };

    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      { method: 'GET', agent: false, headers: { connection: 'close', 'user-agent': 'labops-probe' } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBody) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          const endedAt = performance.now() - origin;
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            const body = Buffer.concat(chunks).subarray(0, maxBody).toString('utf8');
            const message = parseMessage(body);
            settle({
              ok: true,
              host: parseHost(body),
              status,
              startedAt,
              endedAt,
              ...(message === undefined ? {} : { message }),
            });
          } else {
            settle({ ok: false, kind: `http_${status}`, detail: `HTTP ${status}`, startedAt, endedAt });
          }
        });
        res.on('error', fail);
        // A reply cut short ends with 'close' and no 'end'; 'end' wins when it came first.
        res.on('close', () => fail(Object.assign(new Error('reply cut short'), { code: 'ECONNRESET' })));
      },
    );
    req.on('error', fail);

    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error('probe timeout'));
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      settle({ abort: signal?.reason });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
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
