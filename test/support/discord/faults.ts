import { type MatchableRequest, matchesRoute } from './route-matcher.js';
import type { RouteMatcher } from './types.js';

/** A fault the next matching calls will get instead of being served. */
export type PlannedFault =
  | { kind: 'rate-limit'; retryAfterMs: number; global: boolean }
  | { kind: 'server-error'; status: number }
  /** The request is served (a message is created) but the answer is lost: the client gets `status`. */
  | { kind: 'lost-answer'; status: number }
  /** The request is read but neither carried out nor answered until the client gives up or dies. */
  | { kind: 'no-answer' };

interface Entry {
  matcher: RouteMatcher;
  remaining: number;
  fault: PlannedFault;
}

/** Faults on demand: 429 or 5xx bursts for the next N calls on a route. */
export interface FaultControls {
  /** The next `count` matching calls get 429 with `retry-after` (scope user, or global when asked). */
  rateLimit(route: RouteMatcher, count: number, retryAfterMs: number, opts?: { global?: boolean }): void;
  /** The next `count` matching calls get `status` (500, 502 or 503; default 500). */
  serverError(route: RouteMatcher, count: number, status?: number): void;
  /**
   * The next `count` matching calls are carried out, but their answer is replaced by `status`
   * (default 502), as when a proxy times out after Discord stored a message: a retry would repeat it.
   */
  lostAnswer(route: RouteMatcher, count: number, status?: number): void;
  /**
   * The next `count` matching calls are read but never carried out nor answered, as when Discord
   * holds a request: the client's own timeout (15 s, `DefaultRestOptions.timeout` in
   * `@discordjs/rest`) or its death ends them.
   */
  noAnswer(route: RouteMatcher, count: number): void;
  /** Drops every planned fault. */
  clear(): void;
}

/** Holds planned faults and hands them out in the order they were planned. */
export class FaultPlan implements FaultControls {
  private readonly entries: Entry[] = [];

  rateLimit(route: RouteMatcher, count: number, retryAfterMs: number, opts: { global?: boolean } = {}): void {
    this.entries.push({
      matcher: route,
      remaining: count,
      fault: { kind: 'rate-limit', retryAfterMs, global: opts.global ?? false },
    });
  }

  serverError(route: RouteMatcher, count: number, status = 500): void {
    if (status < 500 || status > 599) throw new Error(`serverError status must be 5xx, got ${status}`);
    this.entries.push({ matcher: route, remaining: count, fault: { kind: 'server-error', status } });
  }

  lostAnswer(route: RouteMatcher, count: number, status = 502): void {
    if (status < 500 || status > 599) throw new Error(`lostAnswer status must be 5xx, got ${status}`);
    this.entries.push({ matcher: route, remaining: count, fault: { kind: 'lost-answer', status } });
  }

  noAnswer(route: RouteMatcher, count: number): void {
    this.entries.push({ matcher: route, remaining: count, fault: { kind: 'no-answer' } });
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** The fault for this request, if one is planned (consumes one use). */
  take(req: MatchableRequest): PlannedFault | null {
    const entry = this.entries.find((e) => e.remaining > 0 && matchesRoute(e.matcher, req));
    if (!entry) return null;
    entry.remaining--;
    return entry.fault;
  }
}
