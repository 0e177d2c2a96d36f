/**
 * Sentinel addresses and master names as the settings give them (REDIS_SENTINELS,
 * REDIS_SENTINEL_MASTER); no import, so that the settings' checks can use it.
 */

/** One Sentinel's address. */
export interface SentinelAddress {
  host: string;
  port: number;
}

const MASTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `host:port,host:port` (IPv6 in brackets: `[::1]:26379`) as addresses, or why it is not one. */
export function parseSentinelList(text: string): SentinelAddress[] | string {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return 'at least one host:port';
  const out: SentinelAddress[] = [];
  for (const p of parts) {
    const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(p);
    const port = Number(m?.[3]);
    if (!m || port < 1 || port > 65535)
      return `"${p}" is not host:port (e.g. sentinel-1:26379 or [::1]:26379)`;
    out.push({ host: (m[1] ?? m[2])!, port });
  }
  return out;
}

/** Whether `name` can be a Sentinel master group name here. */
export function isMasterName(name: string): boolean {
  return MASTER_NAME.test(name);
}
