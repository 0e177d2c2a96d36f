import type { StepOutcome } from '../jobs/events.js';
import { Codes, UserError } from '../shared/errors.js';
import type { Clock } from './clock.js';
import type { RecipeContext } from './context.js';
import { requireFacts } from './facts/require.js';
import { requirementsOf } from './facts/requires.js';
import type { Recipe, Step } from './recipe.js';
import type { Reporter } from './reporter.js';
import { type StepJournal, unsafeResume } from './step-journal.js';

/**
 * Runs a recipe's steps in order: check → apply → wait, each under its own timeout and the
 * job's cancel signal. In dry-run mode checks run (they only read) and applies run with an
 * exec that records mutating commands instead of running them; waits are skipped.
 * Each step's outcome is pushed to `outcomes` as it ends, so a caller still has the steps of a
 * job that failed (the failed step last). The recipe's declared requirements are read first.
 */
export async function runSteps<D, S extends object>(
  recipe: Recipe<D, S>,
  data: D,
  ctx: RecipeContext<S>,
  reporter: Reporter,
  journal?: StepJournal,
  outcomes: StepOutcome[] = [],
): Promise<StepOutcome[]> {
  // The runner's own settings first (CONFIG), then what the recipe needs of the lab, before
  // anything runs: NOT_READY names what is missing.
  recipe.settings?.(ctx);
  await requireFacts(ctx, requirementsOf(recipe, data));
  const steps = typeof recipe.steps === 'function' ? recipe.steps(data, ctx) : recipe.steps;
  const earlier = journal && !ctx.dryRun ? await journal.load() : {};
  for (const [i, step] of steps.entries()) {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    reporter.step(step.name, i + 1, steps.length, 'checking');
    const stepCtx = withStepSignal(ctx, step);
    try {
      const done = step.check ? await step.check(data, stepCtx.ctx) : false;
      const skipped = done
        ? typeof done === 'string'
          ? done
          : 'already done'
        : step.repeatable === false && earlier[step.name] === 'done'
          ? 'finished in an earlier attempt (not repeated)'
          : undefined;
      if (skipped) {
        reporter.step(step.name, i + 1, steps.length, `already done: ${skipped}`);
        outcomes.push({
          name: step.name,
          outcome: 'already-done',
          durationMs: elapsed(),
          message: skipped,
        });
        continue;
      }
      if (step.repeatable === false && earlier[step.name] === 'started') {
        const done = steps.slice(0, i).map((s) => s.name);
        throw unsafeResume(step, i + 1, steps.length, done);
      }
      if (!ctx.dryRun) await journal?.started(step.name);
      reporter.step(step.name, i + 1, steps.length, ctx.dryRun ? 'dry run' : 'applying');
      const applied = await step.apply(data, stepCtx.ctx);
      if (ctx.dryRun) {
        outcomes.push({ name: step.name, outcome: 'dry-run', durationMs: elapsed() });
        continue;
      }
      let waited: string | undefined;
      if (step.wait) {
        reporter.step(step.name, i + 1, steps.length, 'waiting for it to settle');
        waited = (await step.wait(data, stepCtx.ctx)) || undefined;
      }
      await journal?.finished(step.name);
      const message = (waited || applied || 'done') as string;
      reporter.step(step.name, i + 1, steps.length, message);
      outcomes.push({ name: step.name, outcome: 'done', durationMs: elapsed(), message });
    } catch (err) {
      outcomes.push({ name: step.name, outcome: 'failed', durationMs: elapsed() });
      throw stepCtx.explain(err);
    } finally {
      stepCtx.dispose();
    }
  }
  return outcomes;
}

/**
 * Gives a step a signal that fires on the job's signal or on the step's own timeout, and
 * binds the job's tools to it while the step runs.
 */
function withStepSignal<D, S extends object>(ctx: RecipeContext<S>, step: Step<D, S>) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('step timeout')), step.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  const exec: RecipeContext['exec'] = (spec) =>
    ctx.exec({
      ...spec,
      // Combining a signal with itself would only add listeners to it on every call.
      signal: spec.signal && spec.signal !== signal ? AbortSignal.any([spec.signal, signal]) : signal,
    });
  const stepCtx: RecipeContext<S> = { ...ctx, signal, exec };
  const unbind = ctx.tools.use({ exec, signal });
  return {
    ctx: stepCtx,
    dispose: () => {
      clearTimeout(timer);
      unbind();
    },
    explain: (err: unknown): unknown => {
      if (timeout.signal.aborted && !ctx.signal.aborted) {
        const mins = Math.round(step.timeoutMs / 6_000) / 10;
        return new UserError(
          Codes.timeout,
          `step "${step.name}" did not finish within ${mins} min${step.timeoutHint ? `: ${step.timeoutHint}` : ''}`,
          { cause: err },
        );
      }
      return err;
    },
  };
}

/**
 * Polls `probe` until it returns a truthy value, honouring the signal, every `intervalMs`
 * of the lab's clock. The step's timeout bounds it, so no wait can hang a job.
 */
export async function converge<T>(
  probe: () => Promise<T | false | null | undefined>,
  opts: { signal: AbortSignal; clock: Clock; intervalMs?: number; onWait?: (n: number) => void },
): Promise<T> {
  for (let n = 0; ; n++) {
    opts.signal.throwIfAborted();
    const value = await probe();
    if (value) return value;
    opts.onWait?.(n);
    await opts.clock.sleep(opts.intervalMs ?? 2_000, opts.signal);
  }
}
