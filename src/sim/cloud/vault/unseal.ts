import { randomUUID } from 'node:crypto';
import type { CloudState } from '../state/types.js';
import { isSealed, setSealed, type VaultState } from './state.js';

/**
 * One key share given to `PUT /v1/sys/unseal`, as Vault 1.8 handles it (http/sys_seal.go and
 * vault/core.go `unsealPart`): the key must decode as hex or base64 to 16..33 bytes (HTTP 400
 * otherwise); a share already given is ignored; shares are kept until the threshold is
 * reached; then they are combined and either unseal Vault or fail with HTTP 500, and in both
 * cases the shares given so far are discarded. A wrong share cannot be told apart until then.
 */
export type UnsealOutcome = { ok: true } | { ok: false; code: 400 | 500; error: string };

/** Barrier key length bounds: 16..32 bytes plus the one-byte Shamir share overhead. */
const MIN_KEY = 16;
const MAX_KEY = 33;

/** Go's `hex.DecodeString` then `base64.StdEncoding.DecodeString` (which ignores CR and LF). */
function decodeKey(raw: string): Buffer | null {
  if (/^(?:[0-9a-fA-F]{2})+$/.test(raw)) {
    const hex = Buffer.from(raw, 'hex');
    if (hex.length >= MIN_KEY && hex.length <= MAX_KEY) return hex;
  }
  const b64 = raw.replace(/[\r\n]/g, '');
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null;
  return Buffer.from(b64, 'base64');
}

export function submitShare(state: CloudState, v: VaultState, raw: string, now: number): UnsealOutcome {
  if (raw === '')
    return {
      ok: false,
      code: 400,
      error: "'key' must be specified in request body as JSON, or 'reset' set to true",
    };
  const key = decodeKey(raw);
  if (!key) return { ok: false, code: 400, error: "'key' must be a valid hex or base64 string" };
  if (key.length < MIN_KEY)
    return { ok: false, code: 400, error: `invalid key: key is shorter than minimum ${MIN_KEY} bytes` };
  if (key.length > MAX_KEY)
    return { ok: false, code: 400, error: `invalid key: key is longer than maximum ${MAX_KEY} bytes` };
  if (!isSealed(state)) return { ok: true };
  const share = key.toString('base64');
  if (v.progress.includes(share)) return { ok: true };
  if (v.progress.length === 0) v.nonce = randomUUID();
  v.progress.push(share);
  if (v.progress.length < v.threshold) return { ok: true };
  const valid = v.progress.every((p) => v.keys.includes(p));
  resetProgress(v);
  if (!valid)
    return {
      ok: false,
      code: 500,
      error:
        'unable to retrieve stored keys: failed to decrypt keys from storage: cipher: message authentication failed',
    };
  setSealed(state, false, now);
  return { ok: true };
}

/** `vault operator unseal -reset`: discards the shares given so far. */
export function resetProgress(v: VaultState): void {
  v.progress = [];
  v.nonce = '';
}
