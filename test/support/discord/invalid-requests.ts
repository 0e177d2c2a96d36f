import type { Reply } from './http-kit.js';

const WINDOW_MS = 10 * 60_000;

/**
 * Discord's invalid-request limit (discord-api-docs `developers/topics/rate-limits.mdx`, "Invalid
 * Request Limit aka Cloudflare bans"): "IP addresses that make too many invalid HTTP requests are
 * automatically and temporarily restricted from accessing the Discord API. Currently, this limit is
 * 10,000 per 10 minutes. An invalid request is one that results in 401, 403, or 429 statuses", and
 * 429s with `X-RateLimit-Scope: shared` do not count. The stand-in has one client address, so one
 * count; once over the limit every request is refused until the window has passed.
 */
export class InvalidRequests {
  private readonly at: number[] = [];
  private bannedUntil = 0;
  /** Every invalid answer since the start (tests read it). */
  total = 0;

  constructor(private readonly limit: number) {}

  /** Counts an answer if it is an invalid request. */
  record(status: number, headers: Record<string, string> | undefined, now = Date.now()): void {
    const shared = headers?.['x-ratelimit-scope'] === 'shared';
    if (!(status === 401 || status === 403 || (status === 429 && !shared))) return;
    this.total++;
    this.at.push(now);
    this.trim(now);
    if (this.at.length >= this.limit) this.bannedUntil = now + WINDOW_MS;
  }

  /** Invalid answers in the last 10 minutes. */
  inWindow(now = Date.now()): number {
    this.trim(now);
    return this.at.length;
  }

  /** The ban answer while banned, else null. */
  ban(now = Date.now()): Reply | null {
    if (now >= this.bannedUntil) return null;
    const seconds = Math.ceil((this.bannedUntil - now) / 1000);
    return {
      status: 429,
      body: {
        message:
          'You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently.',
        retry_after: seconds,
        global: true,
        code: 0,
      },
      headers: {
        'retry-after': String(seconds),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      },
    };
  }

  private trim(now: number): void {
    while (this.at.length && (this.at[0] ?? 0) <= now - WINDOW_MS) this.at.shift();
  }
}
