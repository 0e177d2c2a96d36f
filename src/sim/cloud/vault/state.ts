import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../state/store.js';
import type { AppState, CloudState } from '../state/types.js';
import type { VaultState } from './types.js';

export type { VaultState, VaultToken } from './types.js';

/** As the charm installs it (1.8 track), with the charm's MySQL storage and no HA backend. */
export const VAULT_VERSION = '1.8.8';
export const STORAGE_TYPE = 'mysql';
export const VAULT_PORT = 8200;

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function base62(n: number): string {
  let s = '';
  for (const b of randomBytes(n)) s += B62[b % 62];
  return s;
}

/** A Vault 1.x service token: `s.` and 24 characters (fixtures/real/vault-token-create-field-token.txt). */
export function newToken(): string {
  return `s.${base62(24)}`;
}

/** A token accessor: 24 characters. */
export function newAccessor(): string {
  return base62(24);
}

export function newVaultState(): VaultState {
  const id = randomUUID();
  return {
    shares: 5,
    threshold: 3,
    keys: Array.from({ length: 5 }, () => randomBytes(33).toString('base64')),
    rootToken: newToken(),
    tokens: [],
    progress: [],
    nonce: '',
    clusterName: `vault-cluster-${id.slice(0, 8)}`,
    clusterId: randomUUID(),
  };
}

/** The state's Vault, created on first use. */
export function ensureVault(state: CloudState): VaultState {
  state.vault ??= newVaultState();
  return state.vault;
}

/** Path of the keys file, in the format `LABOPS_VAULT_KEYS_FILE` takes. */
export function vaultKeysFile(stateDir: string): string {
  return join(stateDir, 'vault-keys.txt');
}

/** One unseal key a line, then `token: <root token>`. */
export function keysFileText(v: VaultState): string {
  return `${v.keys.join('\n')}\ntoken: ${v.rootToken}\n`;
}

/** Writes `<stateDir>/vault-keys.txt` (mode 600) unless it is already there. */
export function writeKeysFile(stateDir: string, v: VaultState): string {
  const file = vaultKeysFile(stateDir);
  if (!existsSync(file)) {
    writeAtomic(file, keysFileText(v));
    chmodSync(file, 0o600);
  }
  return file;
}

/** The principal `vault` applications of every model, with their units' addresses. */
export function vaultApps(state: CloudState): Array<{ app: AppState; addresses: string[] }> {
  const found: Array<{ app: AppState; addresses: string[] }> = [];
  for (const ctrl of Object.values(state.juju.controllers))
    for (const model of Object.values(ctrl.models))
      for (const app of Object.values(model.applications)) {
        if (app.charm !== 'vault') continue;
        const addresses = app.units
          .map((u) => model.machines[u.machine]?.address ?? '')
          .filter((a) => a !== '');
        found.push({ app, addresses });
      }
  return found;
}

/** Sealed when any vault application of the cloud is (they share one seal here). */
export function isSealed(state: CloudState): boolean {
  return vaultApps(state).some(({ app }) => app.flags.sealed === true);
}

export function setSealed(state: CloudState, sealed: boolean, now: number): void {
  for (const { app } of vaultApps(state)) {
    app.flags.sealed = sealed;
    app.updatedAt = now;
  }
}

/** The root token, or a token made with `vault token create` that has not expired. */
export function tokenValid(v: VaultState, token: string | undefined, now: number): boolean {
  if (!token) return false;
  if (token === v.rootToken) return true;
  return v.tokens.some((t) => t.token === token && (t.expiresAt === null || t.expiresAt > now));
}

/**
 * The container reboots: Vault comes back sealed and forgets the shares given so far.
 * Returns false when the cloud has no vault application.
 */
export function sealVaultIn(state: CloudState, now: number): boolean {
  if (vaultApps(state).length === 0) return false;
  const v = ensureVault(state);
  v.progress = [];
  v.nonce = '';
  setSealed(state, true, now);
  return true;
}
