import type { JobName } from '../jobs/definitions.js';
import type { JobResult } from '../jobs/events.js';
import type { RecipeContext } from './context.js';
import type { Requires } from './facts/requires.js';

/**
 * A step converges one piece of the lab: `check` (already done? then skip), `apply`, and
 * `wait` until the change has settled. A run killed at any point and run again converges,
 * because every step starts by checking.
 */
export interface Step<D, S extends object = object> {
  name: string;
  /** True when the step's goal already holds; a string explains why (shown as "already done: …"). */
  check?: (data: D, ctx: RecipeContext<S>) => Promise<boolean | string>;
  apply: (data: D, ctx: RecipeContext<S>) => Promise<void | string>;
  wait?: (data: D, ctx: RecipeContext<S>) => Promise<void | string>;
  /** Budget for apply + wait together. */
  timeoutMs: number;
  /** What a student should check when this step times out. */
  timeoutHint?: string;
  /**
   * `false` for a step that must not run twice (it is not idempotent and its `check` cannot
   * tell): an attempt resumed after a crash that finds it started but not finished fails,
   * saying what state the lab may be in, instead of repeating it. Default true.
   */
  repeatable?: boolean;
  /** What to check by hand when a non-repeatable step was interrupted. */
  resumeHint?: string;
}

export type RecipeOutput = Pick<JobResult, 'summary' | 'fields'> & { data?: unknown };

/**
 * One recipe per job: its steps and how its result is summarised. `D` is the job's data, `S`
 * the state its steps hand on (`ctx.state`, empty when the job starts, so its fields are
 * optional: a step that finds its goal already done may leave them unset).
 */
export interface Recipe<D = Record<string, unknown>, S extends object = object> {
  job: JobName;
  /** The lab facts the recipe needs, checked before any step runs (and in a dry run): `NOT_READY` when one is missing. */
  requires?: Requires<D>;
  /**
   * The runner settings the recipe needs, checked first (before its requirements and in a dry
   * run): throws `CONFIG` naming the setting, since no lab state can make up for it.
   */
  settings?: (ctx: Pick<RecipeContext<S>, 'config'>) => void;
  /** Steps may depend on the data (e.g. only the steps a mode needs). */
  steps: Step<D, S>[] | ((data: D, ctx: RecipeContext<S>) => Step<D, S>[]);
  result: (data: D, ctx: RecipeContext<S>) => Promise<RecipeOutput> | RecipeOutput;
}
