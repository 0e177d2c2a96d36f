import { CliExit } from '../cli/io.js';
import { type CommandSpec, type FlagKind, FORMATS, GLOBAL_FLAGS } from './commands.js';

/**
 * Go `flag` parsing as the vault CLI does it (Go's flag.go `parseOne`, with Vault's values of
 * command/base_flags.go): `-name=value`, `-name value`, `--name`; boolean flags take no separate
 * value; parsing stops at `--` or at the first argument that is not a flag (a lone `-` is an
 * argument). Errors are Go's texts; the command prints them and exits 1.
 */
export interface Parsed {
  flags: Map<string, string[]>;
  args: string[];
}

const fail = (message: string): never => {
  throw new CliExit(`${message}\n`, 1);
};
const goQuote = (s: string) => JSON.stringify(s);
const BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];
const parseIntError = (s: string) => `strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`;

/** Why Vault's `Set` refuses a value of this kind, or null when it takes it. */
function valueError(kind: FlagKind, value: string): string | null {
  if (kind === 'duration') return durationError(value);
  if (kind === 'int')
    return /^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|[1-9]\d*)$/.test(value) ? null : parseIntError(value);
  if (kind === 'map') return value.includes('=') ? null : `missing = in KV pair: ${goQuote(value)}`;
  return null;
}

/** Parses `argv` (the words after the subcommand) against the subcommand's table. */
export function parseFlags(argv: readonly string[], spec: CommandSpec): Parsed {
  const flags = new Map<string, string[]>();
  const add = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  let i = 0;
  while (i < argv.length) {
    const s = argv[i] as string;
    if (s.length < 2 || !s.startsWith('-')) break;
    if (s === '--') {
      i++;
      break;
    }
    const body = s.slice(s.startsWith('--') ? 2 : 1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) fail(`bad flag syntax: ${s}`);
    i++;
    const eq = body.indexOf('=');
    const given = eq >= 0 ? body.slice(0, eq) : body;
    const name = spec.aliases?.[given] ?? given;
    const kind = spec.flags[name];
    if (!kind) return fail(`flag provided but not defined: -${given}`);
    if (kind === 'bool') {
      const value = eq >= 0 ? body.slice(eq + 1) : 'true';
      if (!BOOLS.includes(value))
        fail(
          `invalid boolean value ${goQuote(value)} for -${given}: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`,
        );
      add(name, value);
      continue;
    }
    let value = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (value === undefined && i < argv.length) value = argv[i++];
    if (value === undefined) return fail(`flag needs an argument: -${given}`);
    const err = valueError(kind, value);
    if (err) fail(`invalid value ${goQuote(value)} for flag -${given}: ${err}`);
    add(name, value);
  }
  return { flags, args: argv.slice(i) };
}

/** The command's own arity check: "Not enough arguments (expected N, got M)" / "Too many arguments …", exit 1. */
export function checkArgs(spec: CommandSpec, args: readonly string[]): void {
  if (args.length < spec.args.min)
    fail(`Not enough arguments (expected ${spec.args.min}, got ${args.length})`);
  if (args.length > spec.args.max) fail(`Too many arguments (expected ${spec.args.max}, got ${args.length})`);
}

/**
 * The warning of command/base_helpers.go `generateFlagWarnings` for flags written after the
 * positional arguments (Go's parser takes them as arguments), printed on stderr with the
 * table format; empty when there are none.
 */
export function trailingFlagWarning(args: readonly string[]): string {
  const trailing = args.filter((a) => {
    if (!a.startsWith('-') || a === '-') return false;
    const name = a.replace(/^-+/, '').split('=')[0] ?? '';
    return !(GLOBAL_FLAGS as readonly string[]).includes(name);
  });
  return trailing.length
    ? `Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [${trailing.join(',')}]\n`
    : '';
}

/**
 * The output format command/main.go `setupEnv` reads from the whole command line before any
 * command runs (`-format=F`, `-format F`, else $VAULT_FORMAT, else `table`, lower-cased); an
 * unknown one fails there: "Invalid output format: F", exit 1.
 */
export function globalFormat(argv: readonly string[], envFormat: string | undefined): string {
  let format = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a.startsWith('-format=') || a.startsWith('--format=')) format = a.slice(a.indexOf('=') + 1);
    else if (a === '-format' || a === '--format') format = argv[++i] ?? '';
  }
  format = (format || envFormat || '').toLowerCase() || 'table';
  if (!(FORMATS as readonly string[]).includes(format)) fail(`Invalid output format: ${format}`);
  return format;
}

export function flagValue(p: Parsed, name: string): string | undefined {
  const list = p.flags.get(name);
  return list ? list[list.length - 1] : undefined;
}

export function flagSet(p: Parsed, name: string): boolean {
  const v = flagValue(p, name);
  return v !== undefined && !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v);
}

const GO_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's `time.ParseDuration`: milliseconds, or null. */
function goDuration(text: string): number | null {
  const m = /^([+-]?)(.*)$/.exec(text) as RegExpExecArray;
  const body = m[2] as string;
  if (body === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let end = 0;
  for (let p = re.exec(body); p; p = re.exec(body)) {
    total += Number(p[1]) * (GO_UNITS[p[2] as string] ?? 0);
    end = re.lastIndex;
  }
  if (body === '' || end !== body.length) return null;
  return m[1] === '-' ? -total : total;
}

/**
 * Vault's duration flags (go-secure-stdlib parseutil `ParseDurationSecond`, via
 * command/base_flags.go `durationValue.Set`): a Go duration when the text ends in s, m or h,
 * else whole seconds; `system` means -1. Returns milliseconds, or null when refused.
 */
export function parseDuration(text: string): number | null {
  const t = text === 'system' ? '-1' : text;
  if (t === '') return 0;
  if (/[smh]$/.test(t)) return goDuration(t);
  return /^[+-]?\d+$/.test(t) ? Number(t) * 1000 : null;
}

/** The error text of a refused duration, as Go prints it; null when accepted. */
function durationError(text: string): string | null {
  if (parseDuration(text) !== null) return null;
  return /[smh]$/.test(text) ? `time: invalid duration ${goQuote(text)}` : parseIntError(text);
}

/** Go's `time.Duration` text, as `token_duration` shows it (`10m0s` is printed as `10m`). */
export function humanDuration(ms: number | null): string {
  if (ms === null) return '∞';
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
