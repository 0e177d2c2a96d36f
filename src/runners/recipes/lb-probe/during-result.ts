import type { ProbeDuringReport } from '../../../evidence/index.js';
import type { JobData } from '../../../jobs/definitions.js';
import type { RecipeContext } from '../../context.js';
import type { RecipeOutput } from '../../recipe.js';
import {
  DURING_RATE,
  DURING_TAIL_MS,
  DURING_WARMUP_MS,
  type LbProbeDuringResult,
  type LbProbeState,
  secs,
  short,
} from './during.js';

type D = JobData<'lb-probe'>;
type Field = { name: string; value: string };

/** The result of `/lb probe during:…`: what changed, what failed and for how long, who answered when. */
export function duringResult(d: D, ctx: RecipeContext<LbProbeState>): RecipeOutput {
  const r = ctx.state.during;
  const url = ctx.state.target?.url ?? "hello-node's external IP";
  if (ctx.dryRun) {
    const change =
      d.during === 'delete-pod'
        ? `deleting pod ${ctx.state.victim ?? '(a Ready one)'}`
        : `rolling hello-node out from ${ctx.state.from ?? '?'} to ${ctx.state.to ?? d.tag}`;
    return {
      summary: `dry run: would probe ${url} while ${change}`,
      fields: [
        {
          name: 'plan',
          value: [
            `${DURING_RATE} requests/s, each on a new connection, from ${DURING_WARMUP_MS / 1000} s before the change until ${DURING_TAIL_MS / 1000} s after it settled (at least ${d.requests} requests)`,
            d.during === 'delete-pod'
              ? 'the change ends when a new pod has answered through the load balancer'
              : 'the change ends when `kubectl rollout status` says done (rolled back by itself on failure)',
          ].join('\n'),
        },
      ],
    };
  }
  if (!r)
    return {
      summary: `hello-node already runs ${ctx.state.to ?? d.tag}: nothing rolled out, so nothing was probed`,
      fields: [{ name: 'try', value: 'roll out another tag: `/lb probe during:rollout tag:<tag>`' }],
    };
  return { summary: duringSummary(r), fields: duringFields(r), data: r };
}

/** One line: what changed, how many requests failed, when the new pods answered. */
export function duringSummary(r: LbProbeDuringResult): string {
  const failed = `${r.failures} of ${r.requests} requests failed (longest run ${r.longestFailureRun})`;
  if (r.during === 'delete-pod') {
    const first = r.newHosts[0];
    return `${r.victim} deleted under load: ${failed}; ${
      first ? `${first.host} answered ${secs(first.firstSeenMs)} after the deletion` : 'no new pod answered'
    }`;
  }
  const g = r.groups;
  return `${short(r.image.to)} rolled out under load: ${failed}; first ${short(r.image.to)} answer ${after(g.new.firstAnswerMs)}, last ${short(r.image.from)} answer ${after(g.old.lastAnswerMs)}`;
}

/** The figures, most telling first; the usual hosts, latency and rate after them. */
export function duringFields(r: LbProbeDuringResult): Field[] {
  const change = r.during === 'delete-pod' ? 'the deletion' : 'the rollout began';
  const kinds = Object.entries(r.failuresByKind).map(([k, n]) => `${k} ${n}`);
  const fields: Field[] = [];
  if (r.during === 'delete-pod') {
    const victim = r.hostSpans.find((h) => h.host === r.victim);
    fields.push(
      { name: 'deleted', value: `${r.victim}, ${secs(r.action.startedAtMs)} into the probe` },
      {
        name: 'replacement',
        value: r.newHosts.length
          ? r.newHosts
              .map((h) => `${h.host} first answered ${secs(h.firstSeenMs)} after the deletion`)
              .join('\n')
          : 'no new pod answered',
      },
      {
        name: 'deleted pod',
        value: victim
          ? `last answered ${signed(victim.lastAnswerMs)} the deletion`
          : 'did not answer during the probe',
      },
    );
  } else {
    const g = r.groups;
    const overlap =
      g.new.firstAnswerMs !== null && g.old.lastAnswerMs !== null && g.old.lastAnswerMs > g.new.firstAnswerMs
        ? `; both answered for ${secs(g.old.lastAnswerMs - g.new.firstAnswerMs)}`
        : '';
    fields.push(
      {
        name: 'rollout',
        value: `${r.image.from ?? '?'} → ${r.image.to}, settled in ${secs(r.action.durationMs)}`,
      },
      {
        name: 'new version',
        value:
          g.new.firstAnswerMs === null
            ? 'never answered'
            : `first answer ${after(g.new.firstAnswerMs)}, ${g.new.answers} answers from ${g.new.hosts.length} pods${quoted(g.new.messages)}`,
      },
      {
        name: 'old version',
        value:
          g.old.lastAnswerMs === null
            ? 'never answered'
            : `last answer ${after(g.old.lastAnswerMs)}, ${g.old.answers} answers${quoted(g.old.messages)}${overlap}`,
      },
    );
  }
  fields.push(
    {
      name: 'failed requests',
      value: `${r.failures} of ${r.requests} (${(r.failureShare * 100).toFixed(1)}%)${kinds.length ? `: ${kinds.join(', ')}` : ''}`,
    },
    {
      name: 'longest failure run',
      value:
        r.longestFailureRun === 0 || r.longestFailureRunFromMs === null
          ? 'none'
          : `${r.longestFailureRun} in a row over ${r.longestFailureRunMs} ms, ${signed(r.longestFailureRunFromMs)} ${change}`,
    },
    ...usualFields(r),
  );
  return fields;
}

function usualFields(r: ProbeDuringReport): Field[] {
  const l = r.latencyMs;
  return [
    {
      name: 'hosts',
      value:
        r.histogram.map((h) => `${h.host} ${h.count} (${(h.share * 100).toFixed(1)}%)`).join('\n') || 'none',
    },
    { name: 'latency', value: l ? `p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms` : 'n/a' },
    { name: 'rate', value: `${r.requestsPerSecond} requests/s over ${secs(r.durationMs)}` },
  ];
}

function after(ms: number | null): string {
  return ms === null ? 'never came' : `${signed(ms)} it began`;
}

/** `1.2 s after` / `0.3 s before`. */
function signed(ms: number): string {
  return `${secs(Math.abs(ms))} ${ms < 0 ? 'before' : 'after'}`;
}

function quoted(messages: readonly string[]): string {
  return messages.length ? `: "${messages.join('", "')}"` : '';
}
