import { commands, findCommand } from '../commands/index.js';
import type { CommandDefinition, OptionDefinition } from '../commands/types.js';
import { Codes, UserError } from '../shared/errors.js';

export interface ParsedLine {
  command: CommandDefinition<any>;
  /** Raw option values, typed as Discord would send them (numbers for integers). */
  options: Record<string, unknown>;
  /** Terminal-only switches written after the command: `--dry-run`, `--yes`. */
  flags: { dryRun: boolean; yes: boolean };
}

/** Splits a line like a shell would split words, honouring single and double quotes. No expansion. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (quote) throw new UserError(Codes.badInput, 'unclosed quote in the command line');
  if (has || cur) out.push(cur);
  return out;
}

/**
 * Parses a slash command typed in a terminal: `/scale hello-node 5`,
 * `/scale deployment:hello-node replicas:5` or `/image build v1`. Options are given by
 * position or as `name:value`; nothing is validated beyond types here (the command's schema does that).
 */
export function parseLine(line: string): ParsedLine {
  const tokens = tokenize(line.trim());
  const head = tokens.shift();
  if (!head) throw new UserError(Codes.badInput, 'empty command: type /help for the list');
  const name = head.replace(/^\//, '');
  const command = findCommand(name);
  if (!command) {
    throw new UserError(
      Codes.unknownCommand,
      `unknown command /${name}; commands: ${commands.map((c) => `/${c.name}`).join(' ')}`,
    );
  }
  const flags = { dryRun: false, yes: false };
  const rest: string[] = [];
  for (const t of tokens) {
    if (t === '--dry-run') flags.dryRun = true;
    else if (t === '--yes' || t === '-y') flags.yes = true;
    else rest.push(t);
  }
  let defs: OptionDefinition[] = command.options ?? [];
  const options: Record<string, unknown> = {};
  if (command.subcommands) {
    const sub = rest.shift();
    const found = command.subcommands.find((s) => s.name === sub);
    if (!found) {
      const names = command.subcommands.map((s) => s.name).join(', ');
      throw new UserError(
        Codes.badInput,
        sub
          ? `unknown subcommand "${sub}" of /${name}; use one of: ${names}`
          : `/${name} needs a subcommand: ${names}`,
      );
    }
    options.subcommand = found.name;
    defs = found.options;
  }
  let position = 0;
  for (const token of rest) {
    const named = /^([a-z][a-z0-9_-]*):(.*)$/s.exec(token);
    const def = named ? defs.find((d) => d.name === named[1]) : defs[position++];
    if (named && !def)
      throw new UserError(
        Codes.badInput,
        `/${name} has no option "${named[1]}"; options: ${defs.map((d) => d.name).join(', ') || 'none'}`,
      );
    if (!def) throw new UserError(Codes.badInput, `too many values for /${name}: "${token}"`);
    if (Object.hasOwn(options, def.name))
      throw new UserError(Codes.badInput, `option "${def.name}" given twice`);
    options[def.name] = typed(def, named ? named[2]! : token);
  }
  for (const d of defs) {
    if (d.required && !Object.hasOwn(options, d.name)) {
      throw new UserError(Codes.badInput, `/${name} needs option "${d.name}": ${d.description.en}`);
    }
  }
  return { command, options, flags };
}

function typed(def: OptionDefinition, value: string): unknown {
  if (def.type === 'integer') {
    if (!/^-?\d+$/.test(value))
      throw new UserError(Codes.badInput, `option "${def.name}" must be a whole number, not "${value}"`);
    return Number(value);
  }
  if (def.type === 'boolean') {
    if (!/^(true|false|yes|no)$/i.test(value))
      throw new UserError(Codes.badInput, `option "${def.name}" must be true or false`);
    return /^(true|yes)$/i.test(value);
  }
  return value;
}
