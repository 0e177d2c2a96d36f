import type { StepOutcome } from '../jobs/events.js';
import { Codes, UserError } from '../shared/errors.js';
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
export async function runSteps<D>(
  recipe: Recipe<D>,
  data: D,
  ctx: RecipeContext,
  reporter: Reporter,
  journal?: StepJournal,
  outcomes: StepOutcome[] = [],
): Promise<StepOutcome[]> {
  // What the recipe needs of the lab, before anything runs: NOT_READY names what is missing.
  await requireFacts(ctx, requirementsOf(recipe, data));
  const steps = typeof recipe.steps === 'function' ? recipe.steps(data, ctx) : recipe.steps;
  const earlier = journal && !ctx.dryRun ? await journal.load() : {};
  for (const [i, step] of steps.entries()) {
    const started = Date.now();
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
          durationMs: Date.now() - started,
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
        outcomes.push({ name: step.name, outcome: 'dry-run', durationMs: Date.now() - started });
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
      outcomes.push({ name: step.name, outcome: 'done', durationMs: Date.now() - started, message });
    } catch (err) {
      outcomes.push({ name: step.name, outcome: 'failed', durationMs: Date.now() - started });
      throw stepCtx.explain(err);
    } finally {
      stepCtx.dispose();
    }
  }
  return outcomes;
}

/** Gives a step a signal that fires on the job's signal or on the step's own timeout. */
function withStepSignal<D>(ctx: RecipeContext, step: Step<D>) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('step timeout')), step.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  const stepCtx: RecipeContext = {
    ...ctx,
    signal,
    exec: (spec) =>
      ctx.exec({
        ...spec,
        // Combining a signal with itself would only add listeners to it on every call.
        signal: spec.signal && spec.signal !== signal ? AbortSignal.any([spec.signal, signal]) : signal,
      }),
  };
  return {
    ctx: stepCtx,
    dispose: () => clearTimeout(timer),
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
 * Polls `probe` until it returns a truthy value, honouring the signal. The step's timeout
 * bounds it, so no wait can hang a job.
 */
export async function converge<T>(
  probe: () => Promise<T | false | null | undefined>,
  opts: { signal: AbortSignal; intervalMs?: number; onWait?: (n: number) => void },
): Promise<T> {
  for (let n = 0; ; n++) {
    opts.signal.throwIfAborted();
    const value = await probe();
    if (value) return value;
    opts.onWait?.(n);
    await new Promise<void>((resolve, reject) => {
      // The listener goes with each wait, so a long convergence does not pile them up.
      const onAbort = () => {
        clearTimeout(t);
        reject(opts.signal.reason);
      };
      const t = setTimeout(() => {
        opts.signal.removeEventListener('abort', onAbort);
        resolve();
      }, opts.intervalMs ?? 2_000);
      opts.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
