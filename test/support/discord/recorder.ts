import { matchesRoute } from './route-matcher.js';
import type { RecordedCall, RouteMatcher, Violation } from './types.js';

/** Selects recorded calls: a route matcher (`'POST /channels/:id/messages'`), fields, or a predicate. */
export type CallFilter =
  | RouteMatcher
  | { route?: RouteMatcher; method?: string; status?: number; fault?: boolean }
  | undefined;

function matches(filter: CallFilter, call: RecordedCall): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'string' || filter instanceof RegExp || typeof filter === 'function') {
    return matchesRoute(filter, call);
  }
  if (filter.method && filter.method.toUpperCase() !== call.method) return false;
  if (filter.status !== undefined && filter.status !== call.status) return false;
  if (filter.fault !== undefined && filter.fault !== (call.fault !== undefined)) return false;
  return filter.route === undefined || matchesRoute(filter.route, call);
}

/** Every REST call and every violation, in arrival order. */
export class Recorder {
  readonly all: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  private seq = 0;

  /** Adds a finished call and returns it. */
  add(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const full = { ...call, seq: ++this.seq };
    this.all.push(full);
    return full;
  }

  /** Recorded calls that pass `filter`, oldest first. */
  calls(filter?: CallFilter): RecordedCall[] {
    return this.all.filter((c) => matches(filter, c));
  }
}

/**
 * Polls `probe` every 10 ms until it returns something truthy, and resolves with it; rejects after
 * `timeoutMs` (default 5000) with `what` in the message.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`discord stand-in: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
