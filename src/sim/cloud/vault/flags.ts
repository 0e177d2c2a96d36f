import { CliExit } from '../cli/io.js';

/**
 * Go `flag` parsing as the vault CLI does it: `-name=value`, `-name value`, `--name`, boolean
 * flags without a value; parsing stops at the first argument that is not a flag (a lone `-`
 * is an argument). An unknown flag fails like the real CLI (exit 1).
 */
export interface FlagSpec {
  values?: string[];
  bools?: string[];
}

export interface Parsed {
  flags: Map<string, string[]>;
  args: string[];
}

/** Options of every command that talks to the server (command/base_flags.go, HTTP set). */
const HTTP_VALUES = [
  'address',
  'ca-cert',
  'ca-path',
  'client-cert',
  'client-key',
  'namespace',
  'tls-server-name',
];
const HTTP_BOOLS = ['tls-skip-verify', 'non-interactive'];

export function parseFlags(argv: readonly string[], spec: FlagSpec): Parsed {
  const values = new Set([...(spec.values ?? []), ...HTTP_VALUES]);
  const bools = new Set([...(spec.bools ?? []), ...HTTP_BOOLS]);
  const flags = new Map<string, string[]>();
  const add = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (bools.has(name)) {
      add(name, eq >= 0 ? body.slice(eq + 1) : 'true');
    } else if (values.has(name)) {
      const value = eq >= 0 ? body.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new CliExit(`flag needs an argument: -${name}\n`, 1);
      add(name, value);
    } else {
      throw new CliExit(`flag provided but not defined: -${name}\n`, 1);
    }
  }
  return { flags, args: argv.slice(i) };
}

export function flagValue(p: Parsed, name: string): string | undefined {
  const list = p.flags.get(name);
  return list ? list[list.length - 1] : undefined;
}

export function flagSet(p: Parsed, name: string): boolean {
  const v = flagValue(p, name);
  return v !== undefined && v !== 'false' && v !== '0';
}

/**
 * Vault's duration flags: a Go duration (`10m`, `1h30m`, `90s`) or whole seconds. Returns
 * milliseconds, or null when the text is neither.
 */
export function parseDuration(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (units[m[2] as string] ?? 0);
    end = re.lastIndex;
  }
  return end === text.length && text.length > 0 ? total : null;
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
