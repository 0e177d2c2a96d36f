import { prepareJob } from '../client/prepare.js';
import { isJobName, type JobDefinition, jobMutates, jobs } from '../jobs/definitions.js';
import type { CommandDefinition } from './types.js';

function mutatesJob(name: string): boolean {
  if (!isJobName(name)) return true;
  const def: JobDefinition = jobs[name];
  return def.mutates || def.mutatesWhen !== undefined;
}

/**
 * Whether a command may change the lab, judged from its definition alone (for registration:
 * which commands get the `dry-run` option). Unknown cases count as mutating.
 */
export function mayMutate(def: CommandDefinition<any>): boolean {
  if (!def.job) return def.local !== 'read';
  const probes = def.subcommands?.length ? def.subcommands.map((s) => ({ subcommand: s.name })) : [{}];
  return probes.some((p) => {
    try {
      return mutatesJob(def.job!(p as never));
    } catch {
      return true;
    }
  });
}

/**
 * Whether this invocation only reads (decides which members may run it without config): judged
 * from the job's data, so `/checkpoint 1` or a plain `/lb probe` reads while `/checkpoint 6`
 * and `/lb probe during:delete-pod` change the lab.
 */
export function isReadOnly(def: CommandDefinition<any>, raw: Record<string, unknown>): boolean {
  if (!def.job) return def.local === 'read';
  if (!def.input.safeParse(raw).success) return !mayMutate(def);
  try {
    const prepared = prepareJob(def, raw);
    return !jobMutates(prepared.def, prepared.data);
  } catch {
    return false;
  }
}

export function needsTeam(def: CommandDefinition<any>): boolean {
  return def.teamless !== true;
}
