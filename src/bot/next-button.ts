import { parseLine } from '../client/parse-line.js';
import type { OptionDefinition } from '../commands/types.js';
import { buttonRow, customId } from './custom-ids.js';
import type { RawOption } from './options.js';

/**
 * The button under `/next`'s result: the next command, pressed as if typed. Its custom id
 * carries the team's queue and the command (`/image build v2` → `image.build.v2`), so a
 * press after a bot restart needs no state.
 */

/** Pure: the command as a custom id's last part, or undefined when it does not fit one. */
export function encodeCommand(line: string): string | undefined {
  const words = line.trim().replace(/^\//, '').split(/\s+/);
  const id = words.join('.');
  return /^[a-z][a-z0-9-]*(\.[A-Za-z0-9_-]+)*$/.test(id) && id.length <= 60 ? id : undefined;
}

/** Pure: the command a custom id's last part stands for. */
export function decodeCommand(id: string): string {
  return `/${id.split('.').join(' ')}`;
}

/** The row with the next command's button, or nothing when it is not a slash command. */
export function nextButton(queue: string, next: unknown) {
  if (typeof next !== 'string' || !next.startsWith('/')) return undefined;
  const id = encodeCommand(next);
  if (!id) return undefined;
  return buttonRow([{ id: customId('run', queue, id), label: `▶ ${next}`.slice(0, 80), style: 1 }]);
}

const TYPES: Record<OptionDefinition['type'], number> = { string: 3, integer: 4, boolean: 5 };

/** Pure: a command line as the option tree Discord sends for it (subcommand first). */
export function rawOptionsOf(line: string): { name: string; data: RawOption[] } {
  const { command, options } = parseLine(line);
  const sub = command.subcommands?.find((s) => s.name === options.subcommand);
  const defs = sub?.options ?? command.options ?? [];
  const leaves: RawOption[] = defs
    .filter((d) => options[d.name] !== undefined)
    .map((d) => ({ name: d.name, type: TYPES[d.type], value: options[d.name] as string | number | boolean }));
  return { name: command.name, data: sub ? [{ name: sub.name, type: 1, options: leaves }] : leaves };
}
