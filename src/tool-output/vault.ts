import { z } from 'zod';

/*
 * `vault status -format=json` (and `vault operator unseal -format=json`), in one place: the
 * documented `/sys/seal-status` response (vault api-docs/system/seal-status) plus the CLI's HA
 * fields. The runner reads `sealed`, `t` and `progress`; the simulated vault emits the rest too.
 */

/** The seal status document. */
export const vaultSealStatusSchema = z.looseObject({
  type: z.string(),
  initialized: z.boolean(),
  sealed: z.boolean(),
  /** Threshold: keys needed to unseal. */
  t: z.number().int(),
  /** Shares: keys handed out. */
  n: z.number().int(),
  /** Keys given so far towards the threshold (0 once unsealed). */
  progress: z.number().int(),
  nonce: z.string(),
  version: z.string(),
  migration: z.boolean().optional(),
  recovery_seal: z.boolean().optional(),
  storage_type: z.string().optional(),
  cluster_name: z.string().optional(),
  cluster_id: z.string().optional(),
  ha_enabled: z.boolean().optional(),
});

/** One `vault status -format=json` document. */
export type VaultSealStatus = z.input<typeof vaultSealStatusSchema>;
