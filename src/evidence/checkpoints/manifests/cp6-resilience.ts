import type { ProbeDuringReport } from '../../probe/during-types.js';
import { formatProbeDuringReport } from '../../probe/format-during.js';
import { probeDuring } from '../../probe/probe-during.js';
import { APP, externalUrl } from '../facts.js';
import type { CheckpointRun, CriterionOutcome } from '../types.js';

/** A resilience run: which pod was deleted and what the probe saw meanwhile. */
export interface Resilience {
  victim: string;
  report: ProbeDuringReport;
}

/**
 * Probes the external IP at a steady rate while one Ready pod is deleted (the guide's
 * `kubectl delete pod`), once per checkpoint run.
 */
export function resilienceOf(run: CheckpointRun): Promise<Resilience> {
  return run.fact('resilience', async () => {
    const url = await externalUrl(run);
    const d = await run.lab.deployment(APP);
    const victim = d?.readyPods[Math.floor(Math.random() * d.readyPods.length)];
    if (!d || !victim) throw new Error(`no Ready ${APP} pod to delete (\`kubectl get pods\`)`);
    const report = await probeDuring({
      url,
      durationMs: run.settings.resilienceMs,
      ratePerSecond: 50,
      concurrency: 20,
      timeoutMs: 2_000,
      expectedBackends: d.ready,
      signal: run.signal,
      action: () => run.lab.deletePod(victim),
    });
    if (report.action.error) throw new Error(`deleting pod ${victim} failed: ${report.action.error}`);
    return { victim, report };
  });
}

/** The report as text for its picture. */
export function formatResilience(r: Resilience): string {
  return `deleted pod ${r.victim}\n\n${formatProbeDuringReport(r.report)}`;
}

/**
 * Pure: passes when failures stay at or under `maxShare` and the service answers again after
 * the deletion (the last second probed has answers and no failures).
 */
export function resilienceVerdict(r: Resilience, maxShare: number): CriterionOutcome {
  const rep = r.report;
  const last = rep.timeline.at(-1);
  const recovered = Boolean(last && last.successes > 0 && last.failures === 0);
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const replacement =
    rep.replacementFirstSeenMs === null
      ? 'no replacement pod answered yet'
      : `replacement answered ${(rep.replacementFirstSeenMs / 1000).toFixed(1)} s after the deletion`;
  return {
    pass: rep.failureShare <= maxShare && recovered,
    measured:
      `${rep.failures} of ${rep.requests} requests failed (${pct(rep.failureShare)}, at most ${pct(maxShare)}) while ${r.victim} was deleted; ` +
      `${recovered ? 'answering again' : 'NOT answering'} at the end from ${rep.hostsAfter.length} host(s); ${replacement}`,
  };
}
