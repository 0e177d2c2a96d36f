import { readFileSync } from 'node:fs';
import type { JobData } from '../../../jobs/definitions.js';
import { Codes, UserError } from '../../../shared/errors.js';
import { ExecError, type ExecResult } from '../../../shared/exec.js';
import { vaultSealStatusSchema } from '../../../tool-output/vault.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { unitGuidance } from '../../tools/juju/status-guidance.js';
import type { UnitSummary } from '../../tools/juju/status-parse.js';

type D = JobData<'deploy-octavia'>;

/** What the Vault step hands on: the vault units its check saw. */
export interface VaultState {
  vaultUnits?: UnitSummary[];
}

/** Pure: what stands between Vault and "ready": sealed, not initialised, or the charm not authorised. */
export function vaultProblem(
  units: readonly UnitSummary[],
): 'sealed' | 'uninitialised' | 'unauthorised' | 'missing' | undefined {
  const vault = units.filter((u) => u.application === 'vault' && !u.subordinate);
  if (!vault.length) return 'missing';
  for (const u of vault) {
    if (/sealed/i.test(u.message)) return 'sealed';
    if (/needs to be initiali[sz]ed/i.test(u.message)) return 'uninitialised';
    if (/authori[sz]e-charm|authori[sz]ation/i.test(u.message)) return 'unauthorised';
  }
  return undefined;
}

/**
 * Pure: the unseal keys and root token of LABOPS_VAULT_KEYS_FILE. One key a line and
 * `token: <root token>`; the output of `vault operator init` (`Unseal Key N: …`,
 * `Initial Root Token: …`) is read as well, its prose lines ignored.
 */
export function parseVaultKeys(text: string): { keys: string[]; token?: string } {
  const keys: string[] = [];
  let token: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const labelled = /^(unseal key \d+|key \d+|token|initial root token)\s*:\s*(\S+)$/i.exec(line);
    if (labelled) {
      if (/token/i.test(labelled[1] as string)) token = labelled[2];
      else keys.push(labelled[2] as string);
    } else if (line && !/[\s:]/.test(line)) keys.push(line);
  }
  return { keys, token };
}

/** Reads LABOPS_VAULT_KEYS_FILE; its values become secrets of the job (redacted from every output). */
function readKeys(ctx: RecipeContext, file: string): { keys: string[]; token?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(
      Codes.vaultSealed,
      `cannot read LABOPS_VAULT_KEYS_FILE (${file}): ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const found = parseVaultKeys(text);
  for (const v of [...found.keys, found.token]) if (v) ctx.secret(v);
  return found;
}

const vaultAddr = (u: UnitSummary | undefined) => `http://${u?.address ?? '127.0.0.1'}:8200`;

/** The last lines a failed vault command printed (its error), for a message. */
function vaultSaid(err: unknown): string {
  if (!(err instanceof ExecError)) throw err;
  const lines = err.tail
    .map((l) => l.trim())
    .filter((l) => l && !/^(URL:|Code:|Error making API request)/.test(l));
  return lines.slice(-2).join(' ') || err.message;
}

/** `vault status -format=json` (exit 2 while sealed): sealed, threshold and shares given so far. */
async function sealStatus(
  ctx: RecipeContext,
  addr: string,
): Promise<{ sealed: boolean; t: number; progress: number }> {
  let stdout: string;
  try {
    stdout = (
      await ctx.exec({
        argv: ['vault', 'status', '-format=json'],
        env: { VAULT_ADDR: addr },
        timeoutMs: 60_000,
        capture: 'full',
      })
    ).stdout;
  } catch (err) {
    if (!(err instanceof ExecError) || err.exitCode !== 2)
      throw new UserError(Codes.vaultSealed, `\`vault status\` at ${addr} failed: ${vaultSaid(err)}`);
    stdout = err.stdout;
  }
  const s = vaultSealStatusSchema.safeParse(parseJson(stdout));
  if (!s.success)
    throw new UserError(Codes.vaultSealed, `\`vault status -format=json\` at ${addr} printed no seal status`);
  return { sealed: s.data.sealed, t: s.data.t, progress: s.data.progress };
}

/**
 * Unseals one unit with the threshold number of keys. The vault CLI reads no key from stdin
 * for `operator unseal` (`vault operator unseal -` sends the key "-"), so each key goes to
 * `sys/unseal` with `vault write … key=-`, which reads the value from stdin: keys never reach argv.
 */
async function unseal(ctx: RecipeContext, u: UnitSummary): Promise<void> {
  const file = ctx.config.LABOPS_VAULT_KEYS_FILE;
  if (!file) throw new UserError(Codes.vaultSealed, unitGuidance(u)?.text ?? 'Vault is sealed');
  const { keys } = readKeys(ctx, file);
  const addr = vaultAddr(u);
  const before = await sealStatus(ctx, addr);
  if (!before.sealed) return;
  if (keys.length < before.t)
    throw new UserError(
      Codes.vaultSealed,
      `LABOPS_VAULT_KEYS_FILE holds ${keys.length} unseal key(s); Vault at ${addr} needs ${before.t}`,
    );
  const env = { VAULT_ADDR: addr };
  // Shares someone gave earlier would count towards the threshold: start over.
  if (before.progress > 0)
    await ctx.exec({
      argv: ['vault', 'operator', 'unseal', '-reset'],
      env,
      timeoutMs: 60_000,
      mutates: true,
    });
  try {
    for (const key of keys.slice(0, before.t))
      await ctx.exec({
        argv: ['vault', 'write', 'sys/unseal', 'key=-'],
        input: key,
        env,
        timeoutMs: 60_000,
        mutates: true,
      });
  } catch (err) {
    throw new UserError(
      Codes.vaultSealed,
      `Vault at ${addr} refused the unseal keys of LABOPS_VAULT_KEYS_FILE (${vaultSaid(err)}); it is still sealed. The file must hold keys from this Vault's \`vault operator init\`.`,
    );
  }
  if (ctx.dryRun) return;
  if ((await sealStatus(ctx, addr)).sealed)
    throw new UserError(
      Codes.vaultSealed,
      `Vault at ${addr} is still sealed after ${before.t} keys of LABOPS_VAULT_KEYS_FILE: they are not keys of this Vault.`,
    );
}

/** Vault unsealed and the charm authorised (LAB.md step 1), since Barbican and Octavia take certificates from it. */
export const vault: Step<D, VaultState> = {
  name: 'Vault unsealed and authorised',
  check: async (_d, ctx) => {
    const s = await ctx.tools.juju.status();
    ctx.state.vaultUnits = s.units.filter((u) => u.application === 'vault');
    const p = vaultProblem(s.units);
    if (p === 'missing')
      throw new UserError(
        Codes.jujuNotFound,
        'there is no vault application in the OpenStack model (LAB.md step 1)',
      );
    return p ? false : 'Vault is unsealed and ready';
  },
  apply: async (_d, ctx) => {
    const units = ctx.state.vaultUnits ?? [];
    const p = vaultProblem(units);
    if (p === 'uninitialised')
      throw new UserError(
        Codes.vaultSealed,
        'Vault was never initialised: run `vault operator init -key-shares=5 -key-threshold=3` once by hand and keep the keys (LAB.md step 1)',
      );
    for (const u of units) if (/sealed/i.test(u.message)) await unseal(ctx, u);
    const file = ctx.config.LABOPS_VAULT_KEYS_FILE;
    const token = file ? readKeys(ctx, file).token : undefined;
    if (p === 'unauthorised' || (p === 'sealed' && token)) {
      if (!token)
        throw new UserError(
          Codes.vaultSealed,
          'the vault charm is not authorised: `vault token create -ttl=10m`, then `juju run vault/leader authorize-charm token=<token>`',
        );
      const addr = vaultAddr(units.find((u) => !u.subordinate));
      let r: ExecResult;
      try {
        r = await ctx.exec({
          argv: ['vault', 'token', 'create', '-ttl=10m', '-field=token'],
          env: { VAULT_ADDR: addr, VAULT_TOKEN: token },
          timeoutMs: 60_000,
          mutates: true,
          capture: 'full',
        });
      } catch (err) {
        throw new UserError(
          Codes.vaultSealed,
          `\`vault token create\` with the root token of LABOPS_VAULT_KEYS_FILE failed: ${vaultSaid(err)}`,
        );
      }
      const created = r.stdout.trim();
      // The 10-minute token goes on juju's command line (the action takes it as a parameter); logs hide it.
      if (created) ctx.secret(created);
      await ctx.tools.juju.runAction('vault/leader', 'authorize-charm', {
        token: r.dryRun ? '<token>' : created,
      });
    }
    return 'Vault unsealed';
  },
  wait: async (_d, ctx) => {
    await ctx.tools.juju.waitFor(
      { vault: 'active' },
      { timeoutMs: 8 * 60_000, intervalMs: 5_000, signal: ctx.signal },
    );
    return 'Vault is active';
  },
  timeoutMs: 10 * 60_000,
  timeoutHint:
    'Vault stays sealed or blocked: `juju status vault` and `vault status` (VAULT_ADDR=http://<vault/0>:8200)',
};

/** The JSON value of `text`, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
