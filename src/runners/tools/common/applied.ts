/**
 * What a mutating adapter call did. Recipes check before they act, but a retry or a
 * race can still hit "already exists"; that is a normal outcome, not a failure, so it is
 * returned as a value the recipe can branch on.
 */
export type Applied<T = undefined> =
  | { kind: 'done'; value: T }
  /** Dry-run mode: the command was recorded, not run, so there is no output to read. */
  | { kind: 'dry-run'; argv: string[] }
  | AlreadyExists;

/** The thing to create was already there; `message` is the tool's own words. */
export interface AlreadyExists {
  kind: 'already-exists';
  what: string;
  message: string;
}

export const done = <T>(value: T): Applied<T> => ({ kind: 'done', value });
export const dryRun = (argv: string[]): Applied<never> => ({ kind: 'dry-run', argv });
export const alreadyExists = (what: string, message: string): AlreadyExists => ({
  kind: 'already-exists',
  what,
  message,
});

/** True when the state the call asked for now holds (or would hold, in dry-run). */
export function isApplied(a: Applied<unknown>): boolean {
  return a.kind !== 'dry-run';
}
