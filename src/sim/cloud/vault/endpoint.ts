import type { CloudState } from '../state/types.js';
import { VAULT_PORT, vaultApps } from './state.js';

/**
 * Where a command's requests go: `-address`, else `VAULT_ADDR`, else the CLI's default
 * `https://127.0.0.1:8200`. Only `http://<a vault unit's address>:8200` reaches the simulated
 * server (the charm serves plain HTTP on 8200); anything else fails as Go's HTTP client does
 * (fixtures/real/vault-connection-errors.txt).
 */
export type Endpoint =
  | { ok: true; base: string }
  | { ok: false; error: (method: Method, path: string) => string };

export type Method = 'Get' | 'Put' | 'Post';

export const DEFAULT_ADDR = 'https://127.0.0.1:8200';

export function endpoint(state: CloudState, address: string | undefined): Endpoint {
  const addr = (address || DEFAULT_ADDR).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(addr);
  } catch {
    // Modelled: Go's url.Parse accepts more than WHATWG URL; a scheme-less address fails at request time.
    return { ok: false, error: (m, p) => `${m} "${addr}${p}": unsupported protocol scheme ""` };
  }
  const scheme = url.protocol.replace(/:$/, '');
  const host = url.hostname;
  const port = url.port || (scheme === 'https' ? '443' : scheme === 'http' ? '80' : '');
  const base = `${scheme}://${url.host}`;
  if (scheme !== 'http' && scheme !== 'https')
    return { ok: false, error: (m, p) => `${m} "${base}${p}": unsupported protocol scheme "${scheme}"` };
  const served =
    port === String(VAULT_PORT) && vaultApps(state).some(({ addresses }) => addresses.includes(host));
  if (served && scheme === 'http') return { ok: true, base };
  if (served)
    return {
      ok: false,
      error: (m, p) => `${m} "${base}${p}": http: server gave HTTP response to HTTPS client`,
    };
  return {
    ok: false,
    error: (m, p) => `${m} "${base}${p}": dial tcp ${host}:${port}: connect: connection refused`,
  };
}
