import type { Logger } from '../shared/logger.js';

/** Discord's limit: 10,000 invalid requests per 10 minutes per IP (developers/topics/rate-limits.mdx). */
export const DISCORD_INVALID_LIMIT = 10_000;
const WINDOW_MS = 10 * 60_000;

/** Whether an answer counts towards Discord's invalid-request limit (401, 403, 429 not `shared`). */
export function isInvalidRequest(status: number, scope: string | null): boolean {
  return status === 401 || status === 403 || (status === 429 && scope !== 'shared');
}

/**
 * The bot's invalid requests over the last 10 minutes. Discord bans the IP from the whole API
 * for a while at 10,000 ("Invalid Request Limit aka Cloudflare bans"), which would stop every
 * team of the class: at `warnAt` the bot logs a warning and {@link pressure} turns true, and
 * progress edits slow down until the count falls again.
 */
export class InvalidRequestWatch {
  private readonly at: number[] = [];
  private warned = false;

  constructor(
    private readonly log: Logger,
    private readonly warnAt = DISCORD_INVALID_LIMIT / 2,
  ) {}

  record(now = Date.now()): void {
    this.at.push(now);
    this.trim(now);
    if (this.at.length >= this.warnAt && !this.warned) {
      this.warned = true;
      this.log.warn(
        { invalidRequests: this.at.length, limit: DISCORD_INVALID_LIMIT },
        'many requests refused by Discord in 10 minutes: slowing down before its invalid-request ban',
      );
    }
  }

  /** Invalid requests in the last 10 minutes. */
  inWindow(now = Date.now()): number {
    this.trim(now);
    return this.at.length;
  }

  /** True while the count is at or over the warning level. */
  pressure(now = Date.now()): boolean {
    const high = this.inWindow(now) >= this.warnAt;
    if (!high) this.warned = false;
    return high;
  }

  private trim(now: number): void {
    while (this.at.length && (this.at[0] ?? 0) <= now - WINDOW_MS) this.at.shift();
  }
}
