import { readFileSync } from 'node:fs';
import type { JobData } from '../../../jobs/definitions.js';
import { UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { ToolCodes } from '../../tools/common/codes.js';
import { unitGuidance } from '../../tools/juju/status-guidance.js';
import type { UnitSummary } from '../../tools/juju/status-parse.js';

type D = JobData<'deploy-octavia'>;

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

/** The unseal keys (and optional `token: …` root token) of LABOPS_VAULT_KEYS_FILE. */
function readKeys(file: string): { keys: string[]; token?: string } {
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const token = lines
    .find((l) => l.startsWith('token:'))
    ?.slice(6)
    .trim();
  return { keys: lines.filter((l) => !l.includes(':')), token };
}

async function unseal(ctx: RecipeContext, u: UnitSummary): Promise<void> {
  const file = ctx.config.LABOPS_VAULT_KEYS_FILE;
  if (!file) throw new UserError(ToolCodes.vaultSealed, unitGuidance(u)?.text ?? 'Vault is sealed');
  const addr = `http://${u.address ?? '127.0.0.1'}:8200`;
  // Keys go on stdin (`-`), never on the command line.
  for (const key of readKeys(file).keys.slice(0, 3))
    await ctx.exec({
      argv: ['vault', 'operator', 'unseal', '-'],
      input: key,
      env: { VAULT_ADDR: addr },
      timeoutMs: 60_000,
      mutates: true,
    });
}

/** Vault unsealed and the charm authorised (LAB.md step 1), since Barbican and Octavia take certificates from it. */
export const vault: Step<D> = {
  name: 'Vault unsealed and authorised',
  check: async (_d, ctx) => {
    const s = await labTools(ctx).juju.status();
    ctx.vars.vaultUnits = s.units.filter((u) => u.application === 'vault');
    const p = vaultProblem(s.units);
    if (p === 'missing')
      throw new UserError(
        ToolCodes.jujuNotFound,
        'there is no vault application in the OpenStack model (LAB.md step 1)',
      );
    return p ? false : 'Vault is unsealed and ready';
  },
  apply: async (_d, ctx) => {
    const units = (ctx.vars.vaultUnits as UnitSummary[]) ?? [];
    const p = vaultProblem(units);
    if (p === 'uninitialised')
      throw new UserError(
        ToolCodes.vaultSealed,
        'Vault was never initialised: run `vault operator init -key-shares=5 -key-threshold=3` once by hand and keep the keys (LAB.md step 1)',
      );
    for (const u of units) if (/sealed/i.test(u.message)) await unseal(ctx, u);
    const file = ctx.config.LABOPS_VAULT_KEYS_FILE;
    const token = file ? readKeys(file).token : undefined;
    if (p === 'unauthorised' || (p === 'sealed' && token)) {
      if (!token)
        throw new UserError(
          ToolCodes.vaultSealed,
          'the vault charm is not authorised: `vault token create -ttl=10m`, then `juju run vault/leader authorize-charm token=<token>`',
        );
      const addr = `http://${units[0]?.address ?? '127.0.0.1'}:8200`;
      const r = await ctx.exec({
        argv: ['vault', 'token', 'create', '-ttl=10m', '-field=token'],
        env: { VAULT_ADDR: addr, VAULT_TOKEN: token },
        timeoutMs: 60_000,
        mutates: true,
        capture: 'full',
      });
      await labTools(ctx).juju.runAction('vault/leader', 'authorize-charm', {
        token: r.dryRun ? '<token>' : r.stdout.trim(),
      });
    }
    return 'Vault unsealed';
  },
  wait: async (_d, ctx) => {
    await labTools(ctx).juju.waitFor(
      { vault: 'active' },
      { timeoutMs: 8 * 60_000, intervalMs: 5_000, signal: ctx.signal },
    );
    return 'Vault is active';
  },
  timeoutMs: 10 * 60_000,
  timeoutHint:
    'Vault stays sealed or blocked: `juju status vault` and `vault status` (VAULT_ADDR=http://<vault/0>:8200)',
};
