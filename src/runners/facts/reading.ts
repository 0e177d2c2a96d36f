import { ExecError } from '../../shared/exec.js';
import type { FACT_VARIANTS } from './names.js';

/** What one fact reads on the lab: whether it holds, and what was seen (named for a student). */
export interface FactReading {
  ok: boolean;
  detail: string;
  /** Said instead of the fact's `missing` text when it is there but does not work. */
  variant?: keyof typeof FACT_VARIANTS;
}

/** The first line of an error's message. */
export function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return (m.split('\n')[0] ?? m).slice(0, 300);
}

/** The stderr tail of the command behind an error (the error itself or its cause), if any. */
export function causeTail(err: unknown): string[] {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++)
    if (e instanceof ExecError || (e instanceof Error && e.name === 'ExecError'))
      return (e as ExecError).tail ?? [];
  return [];
}
