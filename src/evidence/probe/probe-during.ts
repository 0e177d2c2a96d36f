import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { EvidenceError } from '../errors.js';
import { analyzeDuring } from './analyze-during.js';
import type { ProbeDuringOptions, ProbeDuringReport } from './during-types.js';
import { checkProbeSettings, describeIssues } from './options.js';
import { allowInFlight, requestOnce } from './request-once.js';
import { summarize } from './summarize.js';
import type { RequestOutcome } from './types.js';

const DEFAULT_RATE = 20;
const timing = z.object({
  durationMs: z.number().int().min(100).max(3_600_000),
  ratePerSecond: z.number().min(0.1).max(1000),
  warmupMs: z.number().int().min(0),
  tailMs: z.number().int().min(0).max(600_000),
});

/**
 * Probes `url` at a steady rate (one new connection per tick) while `action` runs, then
 * reports failures, the longest failure streak, and which hosts vanished and appeared — the
 * evidence that a deleted pod was replaced, or a new version rolled out, without the service
 * going down. Probing lasts at least `durationMs`, and until `tailMs` after the action ended.
 */
export async function probeDuring(opts: ProbeDuringOptions): Promise<ProbeDuringReport> {
  const ratePerSecond =
    opts.ratePerSecond ??
    (opts.requests !== undefined ? opts.requests / (opts.durationMs / 1000) : DEFAULT_RATE);
  const warmupMs = opts.warmupMs ?? Math.min(2000, Math.floor(opts.durationMs / 5));
  const tailMs = opts.tailMs ?? 0;
  const parsed = timing.safeParse({ durationMs: opts.durationMs, ratePerSecond, warmupMs, tailMs });
  if (!parsed.success) throw new EvidenceError('BAD_PROBE_OPTIONS', describeIssues(parsed.error.issues));
  const settings = checkProbeSettings({
    url: opts.url,
    requests: 1,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    expectedBackends: opts.expectedBackends,
  });
  const url = new URL(settings.url);
  allowInFlight(opts.signal, settings.concurrency);
  const intervalMs = 1000 / ratePerSecond;
  const startedAt = new Date();
  const origin = performance.now();
  const outcomes: RequestOutcome[] = [];
  const inFlight = new Set<Promise<void>>();
  let skippedTicks = 0;
  let done = 0;

  const action = { startedAtMs: Number.NaN, endedAtMs: Number.NaN, error: undefined as string | undefined };
  let actionDone = false;
  const actionRun = sleep(warmupMs, undefined, { signal: opts.signal }).then(async () => {
    action.startedAtMs = performance.now() - origin;
    try {
      await opts.action();
    } catch (err) {
      action.error = err instanceof Error ? err.message : String(err);
    } finally {
      action.endedAtMs = performance.now() - origin;
      actionDone = true;
    }
  });
  // Marked handled here: an abort is rethrown by the awaits below, not reported as unhandled.
  actionRun.catch(() => {});

  // Ticks are scheduled on absolute times so a slow tick does not shift the rate.
  for (let tick = 0; ; tick++) {
    const due = tick * intervalMs;
    if (due >= opts.durationMs && actionDone && due >= action.endedAtMs + tailMs) break;
    const wait = due - (performance.now() - origin);
    if (wait > 0) await sleep(wait, undefined, { signal: opts.signal });
    opts.signal?.throwIfAborted();
    if (inFlight.size >= settings.concurrency) {
      skippedTicks++;
      continue;
    }
    const request = requestOnce({ url, timeoutMs: settings.timeoutMs, origin, signal: opts.signal }).then(
      (outcome) => {
        outcomes.push(outcome);
        done++;
        opts.onOutcome?.(outcome);
        opts.onProgress?.(done);
      },
    );
    const tracked = request.finally(() => inFlight.delete(tracked));
    tracked.catch(() => {});
    inFlight.add(tracked);
  }
  await actionRun;
  await Promise.all(inFlight);

  const base = summarize({
    url: settings.url,
    startedAt,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    expectedBackends: settings.expectedBackends,
    durationMs: performance.now() - origin,
    outcomes,
  });
  return {
    ...base,
    ratePerSecond: Math.round(ratePerSecond * 10) / 10,
    skippedTicks,
    ...analyzeDuring(outcomes, action, opts.knownHosts),
  };
}
