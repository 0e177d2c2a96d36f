import type { CommandDefinition } from '../commands/types.js';

/** One option as Discord sends it (the shape of discord.js's `CommandInteractionOption`). */
export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly RawOption[];
}

/** Options the bot adds to every job command at registration and removes before validation. */
export const DRY_RUN_OPTION = 'dry-run';
export const TEAM_OPTION = 'team';

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/** The interaction's options as the definitions expect them, plus the bot's own switches. */
export interface ParsedOptions {
  raw: Record<string, unknown>;
  dryRun: boolean;
  team?: string;
  /** Set when the subcommand is not one of the definition's (a stale registration). */
  unknownSubcommand?: string;
}

/**
 * Turns Discord's option tree into the flat record a definition validates: leaf values by
 * name, and `subcommand` for commands with subcommands. Nothing is validated here beyond the
 * subcommand's name; the definition's schema does the rest.
 */
export function parseOptions(def: CommandDefinition<any>, data: readonly RawOption[]): ParsedOptions {
  const out: ParsedOptions = { raw: {}, dryRun: false };
  let leaves = data;
  const head = data[0];
  if (head && (head.type === SUBCOMMAND || head.type === SUBCOMMAND_GROUP)) {
    const sub = head.type === SUBCOMMAND_GROUP ? head.options?.[0] : head;
    const name = sub?.name ?? head.name;
    if (!def.subcommands?.some((s) => s.name === name)) out.unknownSubcommand = name;
    out.raw.subcommand = name;
    leaves = sub?.options ?? [];
  } else if (def.subcommands?.length) {
    out.unknownSubcommand = '';
  }
  for (const o of leaves) {
    if (o.name === DRY_RUN_OPTION) out.dryRun = o.value === true;
    else if (o.name === TEAM_OPTION && !declares(def, out.raw.subcommand, TEAM_OPTION))
      out.team = String(o.value ?? '');
    else out.raw[o.name] = o.value;
  }
  return out;
}

/** Whether the definition itself declares option `name` (then it is passed through). */
function declares(def: CommandDefinition<any>, sub: unknown, name: string): boolean {
  const opts = sub ? def.subcommands?.find((s) => s.name === sub)?.options : def.options;
  return (opts ?? []).some((o) => o.name === name);
}

/** The command as the user typed it, for messages: `/scale deployment:hello-node replicas:5`. */
export function commandLine(name: string, p: ParsedOptions): string {
  const parts = [`/${name}`];
  if (typeof p.raw.subcommand === 'string') parts.push(p.raw.subcommand);
  for (const [k, v] of Object.entries(p.raw)) if (k !== 'subcommand') parts.push(`${k}:${String(v)}`);
  if (p.team) parts.push(`team:${p.team}`);
  if (p.dryRun) parts.push('dry-run:True');
  return parts.join(' ');
}
