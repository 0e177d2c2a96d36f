import type { z } from 'zod';
import type { JobName } from '../jobs/definitions.js';

/** Text in the two languages of the class. */
export interface Localized {
  en: string;
  'pt-BR': string;
}

/** One option of a slash command, declared once for Discord and for the terminal parser. */
export interface OptionDefinition {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  description: Localized;
  required?: boolean;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Suggestions from the runner's cache (`labops:<team>:cache:<kind>`); the schema still validates. */
  autocomplete?: 'deployments' | 'tags' | 'pods';
}

export interface SubcommandDefinition {
  name: string;
  description: Localized;
  options: OptionDefinition[];
}

/**
 * A slash command as plain data: what Discord shows, how its options are validated (again,
 * since Discord validates only on the client), and which job it enqueues. No discord.js
 * import, so the CLI uses the very same definitions.
 */
export interface CommandDefinition<I = Record<string, unknown>> {
  name: string;
  description: Localized;
  /** Either options, or subcommands (e.g. `/image build <tag>`), not both. */
  options?: OptionDefinition[];
  subcommands?: SubcommandDefinition[];
  /** Validates the raw options (`subcommand` is set for commands with subcommands). */
  input: z.ZodType<I>;
  /**
   * Set for commands answered without a job, by the bot or the terminal itself: `read` when the
   * answer only reads (any member may ask), `write` when it changes something (`/cancel`).
   */
  local?: 'read' | 'write';
  /** True for commands that need no team at all (`/help`, `/progress`, `/dashboard`). */
  teamless?: boolean;
  /** The job to enqueue; commands without one are answered by the bot or the CLI itself. */
  job?: (input: I) => JobName;
  toJobData?: (input: I) => Record<string, unknown>;
}

export function defineCommand<I>(def: CommandDefinition<I>): CommandDefinition<I> {
  return def;
}
