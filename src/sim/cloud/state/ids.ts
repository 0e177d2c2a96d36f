import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A random UUID, as every OpenStack resource and Juju model has. */
export function uuid(): string {
  return randomUUID();
}

/** Keystone-style project id: 32 hex characters without dashes. */
export function hexId(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Stable hex digest of some text (image ids, layer ids, registry digests). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Formats an IPv4 address inside a /16-ish prefix from a running counter. */
export function ipFrom(prefix: string, base: number, n: number): string {
  const v = base + n;
  return `${prefix}.${Math.floor(v / 256)}.${v % 256}`;
}
