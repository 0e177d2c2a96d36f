import type { V1Pod } from '@kubernetes/client-node';
import type { ProbeReport } from '../../../evidence/index.js';
import {
  type ProbeDuringReport,
  probeDuring,
  renderHistogram,
  renderTimeline,
  type TimelineLabels,
  UNKNOWN_HOST,
} from '../../../evidence/index.js';
import type { JobData } from '../../../jobs/definitions.js';
import { Codes, isUserError, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { pickVictim } from '../chaos-delete-pod.js';
import { attachPng } from '../common/attach.js';
import { kubeChange } from '../common/kube-change.js';
import { mustHaveDeployment } from '../common/kube-wait.js';
import { rolloutPlan, setDeploymentImage, watchOrRollBack } from '../rollout/set-image.js';
import type { RolloutState } from '../rollout/state.js';
import type { LbTarget } from './target.js';

type D = JobData<'lb-probe'>;
const NAME = 'hello-node';

/** Requests started per second while a change runs (each on a new connection). */
export const DURING_RATE = 25;
/** Probing before the change, to hear from the pods that are there. */
export const DURING_WARMUP_MS = 2_000;
/** Probing after the change has settled, to see the service answer steadily again. */
export const DURING_TAIL_MS = 3_000;
const DURING_CONCURRENCY = 20;
const DURING_TIMEOUT_MS = 2_000;

/** `result.data` of `/lb probe during:…`: the resilience report and what was changed. */
export type LbProbeDuringResult = ProbeDuringReport &
  (
    | { during: 'delete-pod'; victim: string }
    | { during: 'rollout'; image: { from: string | null; to: string } }
  );

/** What `/lb probe`'s steps hand on: the target, the reports, and what a probed change did. */
export interface LbProbeState extends Pick<RolloutState, 'from' | 'to' | 'already'> {
  target?: LbTarget;
  /** The report of a plain probe. */
  report?: ProbeReport;
  /** The report of a probe during a change. */
  during?: LbProbeDuringResult;
  /** The pod deleted during the probe. */
  victim?: string;
}

const podNames = (pods: readonly V1Pod[]) =>
  pods.map((p) => p.metadata?.name).filter((n): n is string => Boolean(n));

/** `/lb probe during:delete-pod`: probes while one Ready pod is deleted, until its replacement answers. */
export const probeDeletingPod: Step<D, LbProbeState> = {
  name: 'probe while deleting a pod',
  check: async (_d, ctx) => {
    await mustHaveDeployment(ctx, NAME);
    return false;
  },
  apply: async (d, ctx) => {
    const { kube } = ctx.tools;
    const pods = await kube.listPods(`app=${NAME}`);
    const victim = pickVictim(pods, undefined, Math.random());
    if (!victim)
      throw new UserError(Codes.kubeNotFound, `no Ready ${NAME} pod to delete (\`kubectl get pods\`)`);
    ctx.state.victim = victim;
    const deletePod = () => kubeChange(ctx, ['delete', 'pod', victim], () => kube.deletePod(victim));
    if (ctx.dryRun) {
      await deletePod();
      return `dry run: would probe ${target(ctx).url} at ${DURING_RATE} requests/s while deleting pod ${victim}, until a new pod answers`;
    }
    const r = await probeWhile(d, ctx, {
      knownHosts: podNames(pods),
      change: async (answeredNew) => {
        await deletePod();
        ctx.say(`deleted pod ${victim}; probing until its replacement answers`);
        await converge(async () => answeredNew(), { clock: ctx.clock, signal: ctx.signal, intervalMs: 200 });
      },
      labels: { action: `delete pod ${victim}`, old: 'pods there before', new: 'replacement' },
    });
    ctx.state.during = { during: 'delete-pod', victim, ...r };
    const replacement = r.newHosts[0];
    return `${r.failures} of ${r.requests} requests failed while ${victim} was deleted; ${
      replacement
        ? `${replacement.host} answered ${secs(replacement.firstSeenMs)} after`
        : 'no new pod answered'
    }`;
  },
  timeoutMs: 10 * 60_000,
  timeoutHint:
    'no new hello-node pod answered through the load balancer: `kubectl get pods -w` and `kubectl get endpoints hello-node`',
  // A second attempt would delete another pod.
  repeatable: false,
  resumeHint: 'a pod may have been deleted: `kubectl get pods` shows whether its replacement runs',
};

/** `/lb probe during:rollout tag:<t>`: probes while hello-node is rolled out to `tag`. */
export const probeDuringRollout: Step<D, LbProbeState> = {
  name: 'probe during the rollout',
  check: async (d, ctx) => {
    const plan = await rolloutPlan(ctx, rolloutTag(d));
    ctx.state.from = plan.from;
    ctx.state.to = plan.to;
    if (!plan.done) return false;
    ctx.state.already = true;
    return `${NAME} already runs ${plan.to}: nothing to roll out, so nothing was probed (roll out another tag first)`;
  },
  apply: async (d, ctx) => {
    const tag = rolloutTag(d);
    const from = ctx.state.from;
    const to = ctx.state.to ?? (await rolloutPlan(ctx, tag)).to;
    if (ctx.dryRun) {
      await setDeploymentImage(ctx, to);
      return `dry run: would probe ${target(ctx).url} at ${DURING_RATE} requests/s while rolling ${NAME} out from ${from ?? '?'} to ${to}`;
    }
    const pods = await ctx.tools.kube.listPods(`app=${NAME}`);
    const r = await probeWhile(d, ctx, {
      knownHosts: podNames(pods),
      change: async () => {
        await setDeploymentImage(ctx, to);
        ctx.say(`image set to ${to}; probing through the rollout`);
        await watchOrRollBack(ctx, tag, from);
      },
      labels: { action: `rollout ${from ?? '?'} → ${to}`, old: short(from), new: short(to), lastOld: true },
    });
    ctx.state.during = { during: 'rollout', image: { from: from ?? null, to }, ...r };
    const g = r.groups;
    return `${r.failures} of ${r.requests} requests failed; first ${short(to)} answer ${at(g.new.firstAnswerMs)}, last ${short(from)} answer ${at(g.old.lastAnswerMs)}`;
  },
  timeoutMs: 13 * 60_000,
  timeoutHint: '`kubectl rollout status deployment/hello-node` and `kubectl get pods` show where it stopped',
};

/**
 * Probes the LoadBalancer at {@link DURING_RATE} while `change` runs (after a warm-up, and for
 * a tail after it), attaches the histogram and the timeline, and returns the report. A change
 * that failed is rethrown afterwards, with what the probe saw added to its message.
 */
async function probeWhile(
  d: D,
  ctx: RecipeContext<LbProbeState>,
  o: {
    knownHosts: readonly string[];
    /** The change; `answeredNew()` tells whether a host not in `knownHosts` has answered yet. */
    change: (answeredNew: () => boolean) => Promise<void>;
    labels: TimelineLabels;
  },
): Promise<ProbeDuringReport> {
  const t = target(ctx);
  const known = new Set(o.knownHosts);
  let answeredNew = false;
  let failed: { err: unknown } | undefined;
  const report = await probeDuring({
    url: t.url,
    durationMs: Math.max(DURING_WARMUP_MS + DURING_TAIL_MS, Math.round((d.requests / DURING_RATE) * 1000)),
    ratePerSecond: DURING_RATE,
    warmupMs: DURING_WARMUP_MS,
    tailMs: DURING_TAIL_MS,
    concurrency: DURING_CONCURRENCY,
    timeoutMs: DURING_TIMEOUT_MS,
    knownHosts: o.knownHosts,
    signal: ctx.signal,
    onOutcome: (r) => {
      if (r.ok && r.host !== UNKNOWN_HOST && !known.has(r.host)) answeredNew = true;
    },
    onProgress: (n) => {
      if (n % 250 === 0) ctx.say(`${n} requests so far`);
    },
    action: async () => {
      try {
        await o.change(() => answeredNew);
      } catch (err) {
        failed = { err };
        throw err;
      }
    },
  });
  if (failed) {
    const err = failed.err;
    const seen = `; meanwhile ${report.failures} of ${report.requests} requests failed (longest run ${report.longestFailureRun})`;
    if (isUserError(err)) throw new UserError(err.code, `${err.message}${seen}`, { cause: err });
    throw err;
  }
  await attachPng(ctx, 'lb-probe-histogram.png', await renderHistogram(report));
  await attachPng(ctx, 'lb-probe-timeline.png', await renderTimeline(report, o.labels));
  return report;
}

function target(ctx: RecipeContext<LbProbeState>): LbTarget {
  const t = ctx.state.target;
  if (!t) throw new Error('the external IP was not found first');
  return t;
}

/** The contract requires a tag with during:rollout; this only narrows the type. */
function rolloutTag(d: D): string {
  if (!d.tag) throw new UserError(Codes.badInput, 'during:rollout needs the tag to roll out, e.g. tag:v2');
  return d.tag;
}

/** `hello-node:v2` from `labops/hello-node:v2`. */
export function short(image: string | null | undefined): string {
  return image ? (image.split('/').at(-1) ?? image) : 'the old version';
}

/** `1.2 s` from ms. */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function at(ms: number | null): string {
  return ms === null ? 'never came' : `${secs(ms)} after it began`;
}
