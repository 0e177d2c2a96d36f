/**
 * A small argv parser shared by the three stand-ins. Each subcommand declares the options it
 * knows; anything else is reported the way the real tool reports it (the caller supplies
 * the message), because a runner must see the same failure it would get on the lab.
 */
export interface ArgSpec {
  /** options taking a value, long or short form, e.g. ['--format', '-o'] */
  values?: readonly string[];
  /** options without a value */
  bools?: readonly string[];
  /** maps aliases to the canonical name, e.g. { '-m': '--model' } */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  positionals: string[];
  /** every value given for an option, in order (canonical names) */
  options: Map<string, string[]>;
  /** arguments after a bare `--` */
  rest: string[];
}

export class UnknownOptionError extends Error {
  constructor(readonly option: string) {
    super(`unknown option ${option}`);
    this.name = 'UnknownOptionError';
  }
}

export class MissingValueError extends Error {
  constructor(readonly option: string) {
    super(`option ${option} needs a value`);
    this.name = 'MissingValueError';
  }
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const bools = new Set(spec.bools ?? []);
  const aliases = spec.aliases ?? {};
  const canon = (name: string): string => aliases[name] ?? name;
  const parsed: ParsedArgs = { positionals: [], options: new Map(), rest: [] };
  const add = (name: string, value: string): void => {
    const list = parsed.options.get(name) ?? [];
    list.push(value);
    parsed.options.set(name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      parsed.rest = argv.slice(i + 1);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const name = canon(rawName);
    if (values.has(name) || values.has(rawName)) {
      let value: string | undefined;
      if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
      else value = argv[++i];
      if (value === undefined) throw new MissingValueError(rawName);
      add(name, value);
    } else if (bools.has(name) || bools.has(rawName)) {
      add(name, eq > 0 ? arg.slice(eq + 1) : 'true');
    } else {
      throw new UnknownOptionError(rawName);
    }
  }
  return parsed;
}

/** Last value of an option, or undefined. */
export function opt(args: ParsedArgs, name: string): string | undefined {
  const list = args.options.get(name);
  return list ? list[list.length - 1] : undefined;
}

/** All values of a repeatable option. */
export function opts(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}

export function flag(args: ParsedArgs, name: string): boolean {
  const v = opt(args, name);
  return v !== undefined && v !== 'false';
}
