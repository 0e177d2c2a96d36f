import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { classifyError } from './classify-error.js';
import { describeBody } from './reply-body.js';
import type { RequestDone, RequestOnceOptions } from './request-types.js';

/**
 * One GET through node:http(s) with no agent and `Connection: close`: the path for https
 * targets (TLS), where the bare-socket reader of request-once.ts does not apply.
 */
export function requestViaNode(opts: RequestOnceOptions, maxBody: number, done: RequestDone): void {
  const { url, timeoutMs, origin, signal } = opts;
  const startedAt = performance.now() - origin;
  let settled = false;
  let timedOut = false;
  const settle: RequestDone = (outcome) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    done(outcome);
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
          const { host, message } = describeBody(Buffer.concat(chunks).subarray(0, maxBody));
          settle({
            ok: true,
            host,
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
}
