import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { LabClient } from '../client/lab-client.js';
import type { JobName } from '../jobs/definitions.js';
import type { Code } from '../shared/errors.js';

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
  /** The answer of a local command, the same for the bot and the console (each renders the text). */
  answer?: (ask: LocalAsk<I>) => Promise<LocalAnswer>;
  /** The job to enqueue; commands without one are answered by the bot or the CLI itself. */
  job?: (input: I) => JobName;
  toJobData?: (input: I) => Record<string, unknown>;
}

export function defineCommand<I>(def: CommandDefinition<I>): CommandDefinition<I> {
  return def;
}

/** The two languages of the class. */
export type Lang = keyof Localized;

/** A team as a local answer sees it: its name and its queue. */
export interface LocalTeam {
  name: string;
  queue: string;
}

/**
 * What a local answer may read, given by the transport (the bot or the console): the team
 * asked about, who asks, in which language. Nothing in it depends on Discord or a terminal.
 */
export interface LocalAsk<I = Record<string, unknown>> {
  input: I;
  client: LabClient;
  redis: Redis;
  /** The team the command is about; for teamless commands, the asker's team when known. */
  team: LocalTeam;
  /** Every team of the class (`/progress`), read when asked. */
  classTeams(): readonly LocalTeam[];
  /** An instructor asks (in the console, the operator always is one). */
  instructor: boolean;
  lang: Lang;
  /** Every command, for `/help`. */
  commands: readonly CommandDefinition<any>[];
  /** Whether this command would ask for confirmation before it runs (the `/help` note). */
  asksConfirmation(c: CommandDefinition<any>): boolean;
  /** The audit of these teams only; every team when unset. */
  auditTeams?: readonly string[];
  /** A one-time sign-in link for this asker, when the transport can give one. */
  dashboardLink?: () => Promise<string>;
  /** When the text is read, for "3 min ago". */
  now: number;
}

/**
 * A local answer as text: a title, lines, and how to shorten them when they are too long for
 * where they are shown (a Discord message attaches the whole text as `file`).
 */
export interface LocalText {
  /** A title line (the bot shows it bold); none for a one-line answer. */
  head?: string;
  lines: readonly string[];
  /** Shown after the lines (a note on what was left out). */
  foot?: string;
  /** The lines are a fixed-width table. */
  code?: boolean;
  /** Lines longer than this may be shortened where space is short. */
  lineMax?: number;
  /** Which lines to keep when not all fit: the first (default) or the newest (`last`). */
  keep?: 'first' | 'last';
  file: string;
  kind: 'table' | 'list';
}

/** A local answer: a text, or a refusal with its code (the console exits non-zero on it). */
export type LocalAnswer = { text: LocalText } | { refused: { code: Code; message: string } };
