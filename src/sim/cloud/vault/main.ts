import { stringify } from 'yaml';
import { CliExit, type CommandContext, type CommandResult, type Output, runCommand } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import type { CloudState } from '../state/types.js';
import { COMMANDS, type CommandSpec } from './commands.js';
import { endpoint } from './endpoint.js';
import {
  checkArgs,
  flagSet,
  flagValue,
  globalFormat,
  humanDuration,
  type Parsed,
  parseDuration,
  parseFlags,
  trailingFlagWarning,
} from './flags.js';
import { apiError, sealStatusJson, sealStatusRows, table, tokenCreateJson } from './format.js';
import {
  ensureVault,
  isSealed,
  newAccessor,
  newToken,
  tokenValid,
  type VaultState,
  writeKeysFile,
} from './state.js';
import { resetProgress, submitShare, type UnsealOutcome } from './unseal.js';
import { USAGE } from './usage.js';
import { writeData } from './write-data.js';

/**
 * The stand-in `vault` command (the 1.8 CLI the lab's main server has from the snap):
 * `status`, `operator unseal`, `token create` and `write sys/unseal`, against the Vault of the
 * simulated cloud's `vault` charm. Outputs and exit codes follow fixtures/real/vault-*.txt.
 */

/** What a command decided inside the state lock; printed once the state is saved. */
interface Reply {
  stdout?: string;
  stderr?: string;
  code: number;
}

/** Runs `fn` on the state: under the lock when it changes it (or creates the Vault), else read-only. */
function withVault(ctx: CommandContext, write: boolean, fn: (s: CloudState, v: VaultState) => Reply): Reply {
  const current = load(ctx.stateDir);
  let reply: Reply;
  let vault: VaultState;
  if (write || !current.vault) {
    [reply, vault] = mutate(ctx.stateDir, (s) => {
      const v = ensureVault(s);
      return [fn(s, v), v] as const;
    });
  } else {
    vault = current.vault;
    reply = fn(current, vault);
  }
  writeKeysFile(ctx.stateDir, vault);
  return reply;
}

function emit(out: Output, r: Reply): number {
  if (r.stdout) out.stdout += r.stdout;
  if (r.stderr) out.stderr += r.stderr;
  return r.code;
}

const address = (ctx: CommandContext, p: Parsed) => flagValue(p, 'address') ?? ctx.env.VAULT_ADDR;

/** The output format every command uses: the one command/main.go read from the whole line. */
const formatOf = (ctx: CommandContext) => globalFormat(ctx.argv, ctx.env.VAULT_FORMAT);

/** The seal status as `OutputSealStatus` prints it: JSON, YAML, else the table (`pretty` is not modelled). */
function statusText(ctx: CommandContext, v: VaultState, sealed: boolean): string {
  const format = formatOf(ctx);
  if (format === 'json') return sealStatusJson(v, sealed);
  if (format === 'yaml' || format === 'yml') return stringify(JSON.parse(sealStatusJson(v, sealed)));
  return table(sealStatusRows(v, sealed));
}

/**
 * A subcommand's flags and arguments by its table (commands.ts): Go's flag errors, Vault's
 * arity texts, the warning for flags after the arguments, and -format=raw refused outside
 * `vault read` (command/base_helpers.go `generateFlagErrors`).
 */
function parse(ctx: CommandContext, argv: string[], spec: CommandSpec, out: Output): Parsed {
  const p = parseFlags(argv, spec);
  if (formatOf(ctx) === 'table') out.stderr += trailingFlagWarning(p.args);
  if (formatOf(ctx) === 'raw')
    throw new CliExit('This command does not support the -format=raw option.\n', 1);
  checkArgs(spec, p.args);
  return p;
}

/** `vault status`: exit 0 unsealed, 2 sealed, 1 on error (command/status.go). */
function status(ctx: CommandContext, argv: string[], out: Output): number {
  const p = parse(ctx, argv, COMMANDS.status, out);
  return emit(
    out,
    withVault(ctx, false, (s, v) => {
      const ep = endpoint(s, address(ctx, p));
      if (!ep.ok)
        return { stderr: `Error checking seal status: ${ep.error('Get', '/v1/sys/seal-status')}\n`, code: 1 };
      const sealed = isSealed(s);
      return { stdout: statusText(ctx, v, sealed), code: sealed ? 2 : 0 };
    }),
  );
}

/** Go's `wrapAtLength`: words wrapped at 80 columns, existing line breaks kept. */
function wrap80(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const lines: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur && cur.length + 1 + word.length > 80) {
          lines.push(cur);
          cur = word;
        } else cur = cur ? `${cur} ${word}` : word;
      }
      lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * `vault operator unseal [-reset] [KEY]`. The key is the argument, or typed at the prompt on a
 * terminal; the real CLI has no stdin mode: `vault operator unseal -` sends the key `-`, and
 * without a terminal the prompt fails (command/operator_unseal.go).
 */
async function operatorUnseal(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const p = parse(ctx, argv, COMMANDS['operator unseal'], out);
  const reset = flagSet(p, 'reset');
  let key = (p.args[0] ?? '').trim();
  if (!reset && p.args.length === 0) {
    if (!ctx.readLine) {
      // Modelled on the source's message; the raw error is that of its password helper.
      out.out('Unseal Key (will be hidden): ');
      throw new CliExit(
        `${wrap80(
          'An error occurred attempting to ask for an unseal key. The raw error message is shown below, but usually this is because you attempted to pipe a value into the unseal command or you are executing outside of a terminal (tty). You should run the unseal command from a terminal for maximum security. If this is not an option, the unseal key can be provided as the first argument to the unseal command. The raw error was:\n\nFile descriptor 0 is not a terminal',
        )}\n`,
        1,
      );
    }
    key = (await ctx.readLine('Unseal Key (will be hidden): ')).trim();
  }
  return emit(
    out,
    withVault(ctx, true, (s, v) => {
      const ep = endpoint(s, address(ctx, p));
      const what = reset ? 'Error resetting unseal process' : 'Error unsealing';
      if (!ep.ok) return { stderr: `${what}: ${ep.error('Put', '/v1/sys/unseal')}\n`, code: 2 };
      if (reset) resetProgress(v);
      else {
        const r = submitShare(s, v, key, ctx.now);
        if (!r.ok) return { stderr: `${what}: ${unsealError(ep.base, r)}\n`, code: 2 };
      }
      return { stdout: statusText(ctx, v, isSealed(s)), code: 0 };
    }),
  );
}

function unsealError(base: string, r: Extract<UnsealOutcome, { ok: false }>): string {
  return apiError('PUT', `${base}/v1/sys/unseal`, r.code, [r.error]);
}

/**
 * `vault write PATH [K=V…]`. Only `sys/unseal` is served (with `key=-` the key comes from
 * stdin, as the write command documents); it prints nothing on success, like the real CLI for
 * a response without secret data (command/format.go `OutputSecret`).
 */
async function write(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const p = parse(ctx, argv, COMMANDS.write, out);
  const [rawPath = '', ...pairs] = p.args;
  const path = rawPath.replace(/^\/+/, '');
  if (pairs.length === 0 && !flagSet(p, 'force')) throw new CliExit('Must supply data or use -force\n', 1);
  const data = await writeData(ctx, pairs);
  const token = ctx.env.VAULT_TOKEN;
  return emit(
    out,
    withVault(ctx, true, (s, v) => {
      const what = `Error writing data to ${path}`;
      const ep = endpoint(s, address(ctx, p));
      if (!ep.ok) return { stderr: `${what}: ${ep.error('Put', `/v1/${path}`)}\n`, code: 2 };
      const url = `${ep.base}/v1/${path}`;
      if (path === 'sys/unseal') {
        if (data.reset === true || data.reset === 'true') {
          resetProgress(v);
          return { code: 0 };
        }
        const r = submitShare(s, v, String(data.key ?? ''), ctx.now);
        return r.ok ? { code: 0 } : { stderr: `${what}: ${unsealError(ep.base, r)}\n`, code: 2 };
      }
      // Modelled: other paths are not simulated; they fail the way a sealed or unauthorised request does.
      if (isSealed(s))
        return { stderr: `${what}: ${apiError('PUT', url, 503, ['Vault is sealed'])}\n`, code: 2 };
      if (!tokenValid(v, token, ctx.now))
        return { stderr: `${what}: ${apiError('PUT', url, 403, ['permission denied'])}\n`, code: 2 };
      return {
        stderr: `${what}: ${apiError('PUT', url, 404, [`no handler for route "${path}"`])}\n`,
        code: 2,
      };
    }),
  );
}

/**
 * `vault token create [-ttl=D] [-policy=P…] [-field=F] [-format=json]` with the token of
 * `VAULT_TOKEN`: 503 while sealed, 403 for a token Vault does not know (command/token_create.go,
 * exit 2). `-field` prints the value alone, without a newline.
 */
function tokenCreate(ctx: CommandContext, argv: string[], out: Output): number {
  const p = parse(ctx, argv, COMMANDS['token create'], out);
  const ttlText = flagValue(p, 'ttl');
  // parseFlags has refused a malformed -ttl already.
  const ttl = ttlText === undefined ? null : parseDuration(ttlText);
  const field = flagValue(p, 'field');
  const token = ctx.env.VAULT_TOKEN;
  return emit(
    out,
    withVault(ctx, true, (s, v) => {
      const what = 'Error creating token';
      const ep = endpoint(s, address(ctx, p));
      if (!ep.ok) return { stderr: `${what}: ${ep.error('Post', '/v1/auth/token/create')}\n`, code: 2 };
      const url = `${ep.base}/v1/auth/token/create`;
      if (isSealed(s))
        return { stderr: `${what}: ${apiError('POST', url, 503, ['Vault is sealed'])}\n`, code: 2 };
      if (!tokenValid(v, token, ctx.now))
        return { stderr: `${what}: ${apiError('POST', url, 403, ['permission denied'])}\n`, code: 2 };
      const parent = token === v.rootToken ? null : v.tokens.find((t) => t.token === token);
      const policies = p.flags.get('policy') ?? parent?.policies ?? ['root'];
      const created = {
        token: newToken(),
        accessor: newAccessor(),
        policies,
        createdAt: ctx.now,
        expiresAt: ttl === null ? (parent?.expiresAt ?? null) : ctx.now + ttl,
      };
      v.tokens = v.tokens.filter((t) => t.expiresAt === null || t.expiresAt > ctx.now);
      v.tokens.push(created);
      const duration = created.expiresAt === null ? null : created.expiresAt - ctx.now;
      const fields: Record<string, string> = {
        token: created.token,
        token_accessor: created.accessor,
        token_duration: humanDuration(duration),
        token_renewable: String(duration !== null),
        token_policies: JSON.stringify(policies),
        identity_policies: '[]',
        policies: JSON.stringify(policies),
      };
      if (field !== undefined) {
        const value = fields[field];
        if (value === undefined) return { stderr: `Field "${field}" not present in secret\n`, code: 1 };
        return { stdout: value, code: 0 };
      }
      if (formatOf(ctx) === 'json') {
        return { stdout: tokenCreateJson(created, duration), code: 0 };
      }
      return { stdout: table(Object.entries(fields)), code: 0 };
    }),
  );
}

/** Runs one `vault` invocation. */
export function main(ctx: CommandContext): Promise<CommandResult> {
  return runCommand(async (out) => {
    globalFormat(ctx.argv, ctx.env.VAULT_FORMAT);
    const [sub, sub2, ...rest] = ctx.argv;
    if (sub === 'status') return status(ctx, ctx.argv.slice(1), out);
    if (sub === 'operator' && sub2 === 'unseal') return operatorUnseal(ctx, rest, out);
    if (sub === 'token' && sub2 === 'create') return tokenCreate(ctx, rest, out);
    if (sub === 'write') return write(ctx, ctx.argv.slice(1), out);
    if (sub === '-h' || sub === '--help' || sub === undefined) throw new CliExit(USAGE, sub ? 0 : 127);
    // Modelled: the rest of the CLI is not simulated; it answers as for an unknown command.
    throw new CliExit(USAGE, 127);
  });
}
