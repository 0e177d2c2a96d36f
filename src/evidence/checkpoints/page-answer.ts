import http from 'node:http';
import https from 'node:https';
import { parseHost, UNKNOWN_HOST } from '../probe/parse-host.js';
import { wildcardAwareLookup } from './wildcard-dns.js';

/** One answer of a page: status, the start of its body, and which host said it. */
export interface PageAnswer {
  url: string;
  ok: boolean;
  status?: number;
  body: string;
  /** The host the guide's server.js names in its reply, when it names one. */
  host?: string;
  /** The reply's `"message"` field (the guide's server.js), when present. */
  message?: string;
  error?: string;
}

const MAX_BODY = 16 * 1024;

/** Pure: the `"message": "..."` of the guide's (not quite JSON) reply. */
export function messageOf(body: string): string | undefined {
  return /"message"\s*:\s*"([^"]*)"/.exec(body)?.[1];
}

/**
 * One GET on a new connection, never throwing: what a browser would have shown, in data.
 * A status of 400 or more counts as "does not answer".
 */
export function fetchPage(url: string, timeoutMs = 5_000, signal?: AbortSignal): Promise<PageAnswer> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ url, ok: false, body: '', error: 'not a URL' });
    }
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.get(
      target,
      {
        agent: false,
        timeout: timeoutMs,
        signal,
        headers: { connection: 'close' },
        rejectUnauthorized: false,
        // nip.io / sslip.io names (the Ingress hosts) resolve without a DNS server.
        lookup: wildcardAwareLookup,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < MAX_BODY) body += c;
        });
        res.on('end', () => {
          const host = parseHost(body);
          resolve({
            url,
            ok: (res.statusCode ?? 0) < 400,
            status: res.statusCode,
            body: body.slice(0, MAX_BODY),
            host: host === UNKNOWN_HOST ? undefined : host,
            message: messageOf(body),
          });
        });
        res.on('error', (e) => resolve({ url, ok: false, body, error: e.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ url, ok: false, body: '', error: e.message }));
  });
}

/** A short description for a criterion's measured value: `HTTP 200 from hello-node-x: "Hello World!"`. */
export function describeAnswer(a: PageAnswer): string {
  if (!a.ok) return `${a.url} does not answer: ${a.error ?? `HTTP ${a.status}`}`;
  const body = a.message ? `"${a.message}"` : JSON.stringify(a.body.trim().slice(0, 80));
  return `${a.url} → HTTP ${a.status}${a.host ? ` from ${a.host}` : ''}: ${body}`;
}
