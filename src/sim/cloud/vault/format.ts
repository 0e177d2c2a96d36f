import { randomUUID } from 'node:crypto';
import type { VaultSealStatus } from '../../../tool-output/vault.js';
import { STORAGE_TYPE, VAULT_VERSION, type VaultState } from './state.js';

/**
 * What the real `vault` CLI (1.8) prints, as captured in fixtures/real/vault-*.txt:
 * the `Key  Value` table of the seal status, and the API error block
 * `Error making API request.` / `URL: …` / `Code: N. Errors:` / `* message`.
 */

/** Vault's table: keys padded to the longest key plus 4 spaces; empty values shown as `n/a`. */
export function table(rows: Array<[string, string]>): string {
  const all: Array<[string, string]> = [['Key', 'Value'], ['---', '-----'], ...rows];
  const width = Math.max(...all.map(([k]) => k.length)) + 4;
  return `${all.map(([k, v]) => `${k.padEnd(width)}${v === '' ? 'n/a' : v}`).join('\n')}\n`;
}

/**
 * The rows of `vault status` / `vault operator unseal` (command/format.go `OutputSealStatus`):
 * progress and nonce only while sealed, cluster name and id only once unsealed.
 */
export function sealStatusRows(v: VaultState, sealed: boolean): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Seal Type', 'shamir'],
    ['Initialized', 'true'],
    ['Sealed', String(sealed)],
    ['Total Shares', String(v.shares)],
    ['Threshold', String(v.threshold)],
  ];
  if (sealed) {
    rows.push(['Unseal Progress', `${v.progress.length}/${v.threshold}`], ['Unseal Nonce', v.nonce]);
  }
  rows.push(['Version', VAULT_VERSION], ['Storage Type', STORAGE_TYPE]);
  if (!sealed) rows.push(['Cluster Name', v.clusterName], ['Cluster ID', v.clusterId]);
  rows.push(['HA Enabled', 'false']);
  return rows;
}

/**
 * `-format=json`, modelled on the documented `/sys/seal-status` response (api-docs/system/seal-status)
 * plus the CLI's HA fields; no capture of the 1.8 CLI's JSON was found. Typed by the schema the runner
 * parses it with (src/tool-output/vault.ts).
 */
export function sealStatusJson(v: VaultState, sealed: boolean): string {
  const doc: VaultSealStatus = {
    type: 'shamir',
    initialized: true,
    sealed,
    t: v.threshold,
    n: v.shares,
    progress: sealed ? v.progress.length : 0,
    nonce: sealed ? v.nonce : '',
    version: VAULT_VERSION,
    migration: false,
    recovery_seal: false,
    storage_type: STORAGE_TYPE,
  };
  if (!sealed) Object.assign(doc, { cluster_name: v.clusterName, cluster_id: v.clusterId });
  doc.ha_enabled = false;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Go's `*url.Error` text for a request the server answered with an error (api/response.go). */
export function apiError(method: string, url: string, code: number, errors: string[]): string {
  return `Error making API request.\n\nURL: ${method} ${url}\nCode: ${code}. Errors:\n\n${errors.map((e) => `* ${e}`).join('\n')}`;
}

/**
 * `vault token create -format=json`: modelled on the API's token response (api-docs/auth/token),
 * not on a CLI capture. `durationMs` is null for a token that never expires.
 */
export function tokenCreateJson(
  created: { token: string; accessor: string; policies: readonly string[] },
  durationMs: number | null,
): string {
  const doc = {
    request_id: randomUUID(),
    lease_id: '',
    lease_duration: 0,
    renewable: false,
    data: null,
    warnings: null,
    auth: {
      client_token: created.token,
      accessor: created.accessor,
      policies: created.policies,
      token_policies: created.policies,
      identity_policies: null,
      metadata: null,
      orphan: false,
      entity_id: '',
      lease_duration: durationMs === null ? 0 : Math.round(durationMs / 1000),
      renewable: durationMs !== null,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
