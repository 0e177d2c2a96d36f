/**
 * The simulated Vault server behind the `vault` charm (`cloud.json` → `vault`): a Shamir seal
 * of 5 shares with a threshold of 3, a root token, the tokens made with `vault token create`,
 * and the key shares given since the last unseal attempt. Whether it is sealed is the
 * charm's `flags.sealed` (what `juju status` shows), so the two never disagree.
 */
export interface VaultState {
  shares: number;
  threshold: number;
  /** The unseal key shares, base64 of 33 bytes (44 characters) as `vault operator init` prints them. */
  keys: string[];
  rootToken: string;
  /** Tokens made with `vault token create` (the root token is not listed). */
  tokens: VaultToken[];
  /** Shares given since the last unseal attempt (base64 of their bytes); kept until unsealed. */
  progress: string[];
  /** The unseal attempt's nonce; empty when no share is pending. */
  nonce: string;
  clusterName: string;
  clusterId: string;
}

export interface VaultToken {
  token: string;
  accessor: string;
  policies: string[];
  createdAt: number;
  /** epoch ms; null: no expiry */
  expiresAt: number | null;
}
