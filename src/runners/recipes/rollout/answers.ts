import type { JobData } from '../../../jobs/definitions.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { helloUrl } from '../common/hello-url.js';
import { sampleAnswers } from '../common/http-answer.js';
import type { RolloutState } from './state.js';

type D = JobData<'rollout'>;

/** Pure: what the answers say about the rollout, comparing messages before and after. */
export function answersVerdict(
  before: readonly string[],
  after: readonly string[],
): { settled: boolean; text: string } {
  const a = [...new Set(after)];
  const b = [...new Set(before)];
  if (a.length !== 1) return { settled: false, text: `answers still mixed: "${a.join('", "')}"` };
  if (!b.length) return { settled: true, text: `answers now say "${a[0]}"` };
  if (b.length === 1 && b[0] === a[0]) return { settled: true, text: `answers unchanged: still "${a[0]}"` };
  return { settled: true, text: `answers changed from "${b.join('", "')}" to "${a[0]}"` };
}

/** Samples the service until every answer comes from the new version, and says what changed. */
export const answersChanged: Step<D, RolloutState> = {
  name: 'answers changed',
  check: async (_d, ctx) => {
    if (!ctx.state.already) return false;
    const url = await helloUrl(ctx);
    if (!url) return 'already rolled out (hello-node is not exposed, so no answers to compare)';
    const now = (await sampleAnswers(url, 5, ctx.signal)).map((a) => a.message ?? '');
    ctx.state.answers = `already rolled out; answers say "${[...new Set(now)].join('", "')}"`;
    return ctx.state.answers;
  },
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    const url = ctx.state.url ?? (await helloUrl(ctx));
    if (!url)
      return 'hello-node is not exposed yet, so the answers were not compared (`/expose loadbalancer`)';
    const before = ctx.state.before ?? [];
    const v = await converge(
      async () => {
        const after = (await sampleAnswers(url, 6, ctx.signal))
          .filter((a) => a.ok)
          .map((a) => a.message ?? '');
        const verdict = answersVerdict(before, after);
        ctx.say(verdict.text);
        return after.length && verdict.settled ? verdict : false;
      },
      { signal: ctx.signal, clock: ctx.clock, intervalMs: 1_000 },
    );
    ctx.state.answers = v.text;
    return v.text;
  },
  timeoutMs: 2 * 60_000,
  timeoutHint: 'old pods still answer: `kubectl get pods` (Terminating pods) and the service endpoints',
};
