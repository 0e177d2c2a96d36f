import {
  type ArgSpec,
  MissingValueError,
  opt,
  opts,
  type ParsedArgs,
  parseArgs,
  UnknownOptionError,
} from '../cli/args.js';
import { CliExit } from '../cli/io.js';
import { boxTable, type Cell, valueLines } from '../cli/table.js';

/**
 * cliff's output options, shared by every `openstack` command: `-f table|json|value|yaml`,
 * `-c COLUMN` (repeatable), and argparse's error for unknown arguments.
 */

export const FORMAT_SPEC: ArgSpec = {
  values: ['--format', '--column', '--max-width', '--quote', '--sort-column', '--sort-ascending', '--prefix'],
  bools: ['--noindent', '--fit-width', '--print-empty', '--sort-descending'],
  aliases: { '-f': '--format', '-c': '--column' },
};

/** Parses a command's arguments; `name` is the command words for error messages. */
export function osArgs(name: string, argv: string[], spec: ArgSpec): ParsedArgs {
  const merged: ArgSpec = {
    values: [...(spec.values ?? []), ...(FORMAT_SPEC.values ?? [])],
    bools: [...(spec.bools ?? []), ...(FORMAT_SPEC.bools ?? []), '--wait'],
    aliases: { ...FORMAT_SPEC.aliases, ...(spec.aliases ?? {}) },
  };
  try {
    return parseArgs(argv, merged);
  } catch (err) {
    if (err instanceof UnknownOptionError) {
      throw new CliExit(
        `usage: openstack ${name} [-h] ...\nopenstack ${name}: error: unrecognized arguments: ${err.option}\n`,
        2,
      );
    }
    if (err instanceof MissingValueError) {
      throw new CliExit(
        `usage: openstack ${name} [-h] ...\nopenstack ${name}: error: argument ${err.option}: expected one argument\n`,
        2,
      );
    }
    throw err;
  }
}

function formatOf(args: ParsedArgs, allowed: string[]): string {
  const f = opt(args, '--format') ?? 'table';
  if (!allowed.includes(f)) {
    throw new CliExit(
      `openstack: error: argument -f/--format: invalid choice: '${f}' (choose from ${allowed.map((a) => `'${a}'`).join(', ')})\n`,
      2,
    );
  }
  return f;
}

function selectColumns(headers: string[], args: ParsedArgs): number[] {
  const wanted = opts(args, '--column');
  if (wanted.length === 0) return headers.map((_, i) => i);
  const idx = wanted.map((c) => headers.indexOf(c)).filter((i) => i >= 0);
  if (idx.length === 0)
    throw new CliExit(
      `No recognized column names in ${JSON.stringify(wanted).replace(/"/g, "'")}. Recognized columns are ${JSON.stringify(headers).replace(/"/g, "'")}.\n`,
      1,
    );
  return idx;
}

/** Renders a Lister result. */
export function emitList(headers: string[], rows: Cell[][], args: ParsedArgs): string {
  const format = formatOf(args, ['table', 'json', 'value', 'csv', 'yaml']);
  const cols = selectColumns(headers, args);
  const hs = cols.map((i) => headers[i] as string);
  const rs = rows.map((r) => cols.map((i) => r[i] ?? null));
  if (format === 'json') {
    return `${JSON.stringify(
      rs.map((r) => Object.fromEntries(hs.map((h, i) => [h, r[i] ?? null]))),
      null,
      2,
    )}\n`;
  }
  if (format === 'value') return valueLines(rs);
  if (format === 'csv')
    return `${[hs, ...rs].map((r) => r.map((c) => JSON.stringify(String(c ?? ''))).join(',')).join('\n')}\n`;
  if (format === 'yaml') {
    return (
      rs
        .map((r) =>
          hs.map((h, i) => `${i === 0 ? '- ' : '  '}${h}: ${JSON.stringify(r[i] ?? null)}`).join('\n'),
        )
        .join('\n') + (rs.length ? '\n' : '')
    );
  }
  return rs.length === 0 ? '' : boxTable(hs, rs);
}

/** Renders a ShowOne result (a flat record). */
export function emitShow(record: Record<string, Cell>, args: ParsedArgs): string {
  const format = formatOf(args, ['table', 'json', 'value', 'shell', 'yaml']);
  const keys = Object.keys(record);
  const cols = selectColumns(keys, args).map((i) => keys[i] as string);
  if (format === 'json')
    return `${JSON.stringify(Object.fromEntries(cols.map((k) => [k, record[k] ?? null])), null, 2)}\n`;
  if (format === 'value') return valueLines(cols.map((k) => [record[k] ?? null]));
  if (format === 'shell')
    return cols.map((k) => `${k.replace(/\W/g, '_')}="${String(record[k] ?? 'None')}"\n`).join('');
  if (format === 'yaml') return cols.map((k) => `${k}: ${JSON.stringify(record[k] ?? null)}\n`).join('');
  return boxTable(
    ['Field', 'Value'],
    cols.map((k) => [k, record[k] ?? null]),
  );
}

/** A request id for error messages. */
export function requestId(): string {
  return `req-${crypto.randomUUID()}`;
}
