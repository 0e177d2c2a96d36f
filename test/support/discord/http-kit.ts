import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ViolationError } from './types.js';

/** An answer a route handler gives: status, JSON body (none for 204) and extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A JSON reply (200 unless told). */
export const json = (body: unknown, status = 200): Reply => ({ status, body });
/** 204 No Content: no body and, crucially for @discordjs/rest, no JSON content type. */
export const noContent = (): Reply => ({ status: 204 });

/** A Discord error body `{ code, message }` with its HTTP status. */
export function discordError(status: number, code: number, message: string, errors?: unknown): Reply {
  return { status, body: errors === undefined ? { code, message } : { code, message, errors } };
}

/** Turns flat problems into Discord's nested `errors` object (`{content: {_errors: [...]}}`). */
export function formErrors(list: ViolationError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const e of list) {
    const keys =
      e.path === '(body)' || e.path === ''
        ? []
        : e.path
            .replace(/\[(\d+)\]/g, '.$1')
            .split('.')
            .filter(Boolean);
    let node = root;
    for (const k of keys) {
      node[k] ??= {};
      node = node[k] as Record<string, unknown>;
    }
    node._errors ??= [];
    const bucket = node._errors as Array<{ code: string; message: string }>;
    bucket.push({ code: e.code ?? 'BASE_TYPE_INVALID', message: e.message });
  }
  return root;
}

/** 400 / 50035 "Invalid Form Body" carrying `errors`. */
export const invalidFormBody = (list: ViolationError[]): Reply =>
  discordError(400, 50035, 'Invalid Form Body', formErrors(list));

/** Tracks plausible `X-RateLimit-*` headers per bucket (route + major parameter); never enforces them. */
export class RateLimitHeaders {
  private readonly windows = new Map<string, { resetAt: number; used: number }>();

  constructor(
    private readonly limit = 50,
    private readonly windowMs = 1000,
  ) {}

  /** The headers for one request on `bucketKey`, counting it. */
  next(method: string, route: string, major: string, now = Date.now()): Record<string, string> {
    const key = `${method} ${route} ${major}`;
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { resetAt: now + this.windowMs, used: 0 };
      this.windows.set(key, w);
    }
    w.used++;
    return this.headers(method, route, Math.max(0, this.limit - w.used), w.resetAt - now, w.resetAt);
  }

  /** Headers describing an exhausted bucket, for injected 429s. */
  exhausted(method: string, route: string, retryAfterMs: number, now = Date.now()): Record<string, string> {
    return this.headers(method, route, 0, retryAfterMs, now + retryAfterMs);
  }

  private headers(
    method: string,
    route: string,
    remaining: number,
    resetAfterMs: number,
    resetAt: number,
  ): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': (resetAfterMs / 1000).toFixed(3),
      'x-ratelimit-bucket': createHash('md5').update(`${method} ${route}`).digest('hex'),
    };
  }
}

/** Writes `reply` to `res`; 204s go out without content type or body. */
export function send(res: ServerResponse, reply: Reply, base: Record<string, string> = {}): void {
  const headers: Record<string, string> = { via: '1.1 discord-stand-in', ...base, ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(payload.length),
  });
  res.end(payload);
}
