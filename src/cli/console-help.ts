import { commands } from '../commands/index.js';

/** The console's `/help`: every command with its options, one per line. */
export function consoleHelp(): string {
  return [
    'Type a slash command, e.g. /status or /ping hello. Add --dry-run to see the commands without running them.',
    ...commands.map(
      (c) =>
        `  /${c.name}${(c.options ?? []).map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join('')} — ${c.description.en}`,
    ),
    '  /help — this list;  exit — stop labops',
  ].join('\n');
}
