import type { Logger } from '../shared/logger.js';

/** Why the bot does not post in a channel. */
export interface ChannelProblem {
  channelId: string;
  /**
   * `missing`: an interaction from there showed missing permissions; `refused`: a request there
   * got 403; `suspended`: repeated 403s (or 404 Unknown Channel) stopped posting there.
   */
  state: 'missing' | 'refused' | 'suspended';
  /** The missing permissions (for `missing`) or the last refusal (for `suspended`). */
  detail: string;
  since: number;
}

/** Consecutive 403s on a channel after which posting there is suspended. */
const FORBIDDEN_LIMIT = 2;

/**
 * What the bot knows about the channels it reports in. Discord counts every 401/403/429 towards
 * its invalid-request ban (discord-api-docs `developers/topics/rate-limits.mdx`), so a channel
 * that refuses the bot is not tried again and again: after {@link FORBIDDEN_LIMIT} 403s in a
 * row (or one 404 Unknown Channel) posting there is suspended for `suspendMs`, or until an
 * interaction from that channel shows the bot has its permissions back.
 */
export class ChannelHealth {
  private readonly forbidden = new Map<string, number>();
  private readonly problems = new Map<string, ChannelProblem>();
  private readonly until = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly suspendMs = 10 * 60_000,
  ) {}

  /** An interaction from `channelId` showed the bot lacks `names` there. */
  noteMissing(channelId: string, names: string[], now = Date.now()): void {
    const prev = this.problems.get(channelId);
    if (prev?.state === 'suspended') return;
    this.problems.set(channelId, {
      channelId,
      state: 'missing',
      detail: names.join(', '),
      since: prev?.since ?? now,
    });
  }

  /** An interaction from `channelId` showed the bot has every permission it needs there. */
  noteAllowed(channelId: string): void {
    if (this.problems.delete(channelId))
      this.log.info({ channelId }, 'the bot may post in the channel again');
    this.until.delete(channelId);
    this.forbidden.delete(channelId);
  }

  /** Whether posting in `channelId` is suspended now. */
  suspended(channelId: string, now = Date.now()): boolean {
    const until = this.until.get(channelId);
    if (until === undefined) return false;
    if (now < until) return true;
    this.until.delete(channelId);
    this.problems.delete(channelId);
    return false;
  }

  /** A request in the channel went through. */
  ok(channelId: string): void {
    this.forbidden.delete(channelId);
    if (this.problems.get(channelId)?.state === 'refused') this.problems.delete(channelId);
  }

  /**
   * A request in the channel was refused (`status` 403, or 404 with `code`). Returns true when
   * this refusal suspended posting there.
   */
  refused(channelId: string, status: number, code: unknown, now = Date.now()): boolean {
    const unknownChannel = status === 404 && Number(code) === 10003;
    if (status !== 403 && !unknownChannel) return false;
    const n = (this.forbidden.get(channelId) ?? 0) + 1;
    this.forbidden.set(channelId, n);
    const detail = `${status}/${String(code)}`;
    if (!unknownChannel && n < FORBIDDEN_LIMIT) {
      if (this.problems.get(channelId)?.state !== 'suspended')
        this.problems.set(channelId, { channelId, state: 'refused', detail, since: now });
      return false;
    }
    if (this.suspended(channelId, now)) return false;
    this.until.set(channelId, now + this.suspendMs);
    this.problems.set(channelId, { channelId, state: 'suspended', detail, since: now });
    this.log.warn({ channelId, status, code, forMs: this.suspendMs }, 'posting in the channel suspended');
    return true;
  }

  /** The channels the bot cannot post in, for `/healthz`. */
  report(now = Date.now()): ChannelProblem[] {
    for (const id of [...this.until.keys()]) this.suspended(id, now);
    return [...this.problems.values()];
  }
}
