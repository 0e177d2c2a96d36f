import type { CommandDefinition } from '../commands/types.js';
import { type JobDefinition, type JobName, jobs } from '../jobs/definitions.js';
import { Codes, UserError } from '../shared/errors.js';

export interface PreparedJob {
  name: JobName;
  def: JobDefinition;
  data: Record<string, unknown>;
}

/**
 * Validates a command's options with its schema, then the job data with the job's schema
 * (the runner checks the latter again). A refusal names the option and the rule it broke.
 */
export function prepareJob(
  command: CommandDefinition<any>,
  rawOptions: Record<string, unknown>,
  opts: { dryRun?: boolean } = {},
): PreparedJob {
  const input = command.input.safeParse(rawOptions);
  if (!input.success) {
    const why = input.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    throw new UserError(Codes.badInput, `/${command.name}: ${why}`);
  }
  if (!command.job || !command.toJobData) {
    throw new UserError(Codes.badInput, `/${command.name} is answered locally and starts no job`);
  }
  const name = command.job(input.data);
  const def = jobs[name] as JobDefinition;
  const data = def.data.safeParse({ ...command.toJobData(input.data), dryRun: opts.dryRun ?? false });
  if (!data.success) {
    const why = data.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
    throw new UserError(Codes.badInput, `/${command.name}: ${why}`);
  }
  return { name, def, data: data.data as Record<string, unknown> };
}
