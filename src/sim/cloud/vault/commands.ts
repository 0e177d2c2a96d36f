/**
 * The flags and positional arguments of each `vault` subcommand the stand-in serves, read in
 * the Vault 1.14.2 sources: hashicorp/vault @ 0a0cffa282dd2be3c39cb8feaabfe8dca73ee077 ("update
 * version 1.14.2", release/1.14.x; the history openbao/openbao keeps). Each command's `Flags()`
 * adds its own set to `c.flagSet(bits)` (command/base.go), which always includes the HTTP set.
 */

/** How a flag's value is read (command/base_flags.go: StringVar, BoolVar, DurationVar, …). */
export type FlagKind = 'string' | 'bool' | 'duration' | 'int' | 'map' | 'slice';

/** One subcommand's flags and positional arguments. */
export interface CommandSpec {
  /** The source file the table was read from. */
  source: string;
  flags: Readonly<Record<string, FlagKind>>;
  /** Alias → flag (the `Aliases` of a flag definition). */
  aliases?: Readonly<Record<string, string>>;
  /** Positional arguments, checked with Vault's "Not enough / Too many arguments" texts. */
  args: { min: number; max: number };
}

/** command/base.go `flagSet`, `FlagSetHTTP`: on every leaf command. */
const HTTP: Record<string, FlagKind> = {
  address: 'string',
  'agent-address': 'string',
  'ca-cert': 'string',
  'ca-path': 'string',
  'client-cert': 'string',
  'client-key': 'string',
  namespace: 'string',
  ns: 'string',
  'tls-server-name': 'string',
  'tls-skip-verify': 'bool',
  'disable-redirects': 'bool',
  'policy-override': 'bool',
  'wrap-ttl': 'duration',
  mfa: 'slice',
  'output-curl-string': 'bool',
  'output-policy': 'bool',
  'unlock-key': 'string',
  header: 'map',
  'non-interactive': 'bool',
};
/** command/base.go, "Output Options": `FlagSetOutputField`, `FlagSetOutputFormat`. */
const FIELD: Record<string, FlagKind> = { field: 'string' };
const FORMAT: Record<string, FlagKind> = { format: 'string' };

/** The subcommands the stand-in serves. */
export const COMMANDS = {
  /** command/status.go: `flagSet(FlagSetHTTP | FlagSetOutputFormat)`; "Too many arguments (expected 0, …)". */
  status: { source: 'command/status.go', flags: { ...HTTP, ...FORMAT }, args: { min: 0, max: 0 } },
  /** command/operator_unseal.go: -reset, -migrate; the key as the one optional argument. */
  'operator unseal': {
    source: 'command/operator_unseal.go',
    flags: { ...HTTP, ...FORMAT, reset: 'bool', migrate: 'bool' },
    args: { min: 0, max: 1 },
  },
  /** command/write.go: -force (alias -f); PATH then K=V pairs ("Not enough arguments (expected 1, …)"). */
  write: {
    source: 'command/write.go',
    flags: { ...HTTP, ...FIELD, ...FORMAT, force: 'bool' },
    aliases: { f: 'force' },
    args: { min: 1, max: Number.POSITIVE_INFINITY },
  },
  /** command/token_create.go: the token's settings; no argument. */
  'token create': {
    source: 'command/token_create.go',
    flags: {
      ...HTTP,
      ...FIELD,
      ...FORMAT,
      id: 'string',
      'display-name': 'string',
      ttl: 'duration',
      'explicit-max-ttl': 'duration',
      period: 'duration',
      renewable: 'bool',
      orphan: 'bool',
      'no-default-policy': 'bool',
      'use-limit': 'int',
      role: 'string',
      type: 'string',
      metadata: 'map',
      policy: 'slice',
      'entity-alias': 'string',
    },
    args: { min: 0, max: 0 },
  },
} as const satisfies Record<string, CommandSpec>;

/** The output formats (command/format.go `Formatters`); `raw` only for `vault read`. */
export const FORMATS = ['json', 'table', 'yaml', 'yml', 'pretty', 'raw'] as const;

/** Flags main.go reads before dispatch; they are not warned about after positionals (command/main.go `globalFlags`). */
export const GLOBAL_FLAGS = ['output-curl-string', 'output-policy', 'format', 'detailed'] as const;
