import { type ProbeDuringReport, probeDuring, UNKNOWN_HOST } from '../../../evidence/index.js';
import type { RecipeContext } from '../../context.js';
import { DURING_RATE, DURING_TAIL_MS, DURING_WARMUP_MS } from '../lb-probe/during.js';

/** What the verify stage reads while the load balancer is probed through the rollout. */
export interface LiveProbe {
  /** Resolves when the change ran (after the warm-up), or rejects with its error. */
  changed: Promise<void>;
  /** Ends the change: the probe goes on for its tail, then the report comes. */
  finish(): void;
  report: Promise<ProbeDuringReport>;
  /** Successful answers in a row from hosts not there before the rollout (0 after any old answer). */
  newInARow(): number;
  /** Requests that ended while it rolled (from the change until `finish`), and how many failed. */
  rolling(): { requests: number; failures: number; kinds: Record<string, number> };
  /** When the change started (ms since the epoch), 0 before. */
  startedAt(): number;
}

/**
 * Probes the load balancer at the `/lb probe during:rollout` rate (new connection per request)
 * from a warm-up before `change` until a tail after `finish()`, counting as it goes what the
 * verify stage needs: answers from new pods in a row, and failures while it rolls.
 */
export function startLiveProbe(
  ctx: RecipeContext,
  o: { url: string; knownHosts: readonly string[]; minRequests: number; change: () => Promise<void> },
): LiveProbe {
  const known = new Set(o.knownHosts);
  let inARow = 0;
  let rolling = false;
  const counts = { requests: 0, failures: 0, kinds: {} as Record<string, number> };
  let startedAt = 0;
  let finish = () => {};
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  let changedOk: () => void = () => {};
  let changedErr: (e: unknown) => void = () => {};
  const changed = new Promise<void>((res, rej) => {
    changedOk = res;
    changedErr = rej;
  });
  changed.catch(() => undefined);
  const report = probeDuring({
    url: o.url,
    durationMs: Math.max(DURING_WARMUP_MS + DURING_TAIL_MS, Math.round((o.minRequests / DURING_RATE) * 1000)),
    ratePerSecond: DURING_RATE,
    warmupMs: DURING_WARMUP_MS,
    tailMs: DURING_TAIL_MS,
    concurrency: 20,
    timeoutMs: 2_000,
    knownHosts: o.knownHosts,
    signal: ctx.signal,
    onOutcome: (r) => {
      if (rolling) {
        counts.requests++;
        if (!r.ok) {
          counts.failures++;
          counts.kinds[r.kind] = (counts.kinds[r.kind] ?? 0) + 1;
        }
      }
      if (!r.ok) return;
      if (r.host !== UNKNOWN_HOST && !known.has(r.host)) inARow++;
      else inARow = 0;
    },
    action: async () => {
      startedAt = Date.now();
      rolling = true;
      try {
        await o.change();
        changedOk();
      } catch (err) {
        changedErr(err);
        rolling = false;
        return;
      }
      await finished;
      rolling = false;
    },
  });
  report.catch(() => undefined);
  return {
    changed: Promise.race([changed, report.then(() => undefined)]),
    finish: () => finish(),
    report,
    newInARow: () => inARow,
    rolling: () => ({ ...counts, kinds: { ...counts.kinds } }),
    startedAt: () => startedAt,
  };
}
