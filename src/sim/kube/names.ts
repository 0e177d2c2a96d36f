/** Generated names and hashes, in the alphabet and shape the real controllers use. */
import { randomInt } from 'node:crypto';

/** The alphabet of generated name suffixes (no vowels, no confusable digits). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters, as in `hello-node-7d9f8c6b5d-x2b4k`. */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Maps each byte to the safe alphabet, like the real SafeEncodeString. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHABET[ch.charCodeAt(0) % ALPHABET.length];
  return out;
}

/** Stable JSON with sorted keys, so equal templates hash equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** 32-bit FNV-1a, the hash the deployment controller uses for pod-template-hash. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The pod-template-hash of a template: FNV-1a of the template (plus the collision count),
 * printed in decimal and mapped to the safe alphabet, which gives the real 9-10 characters.
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(canonicalJson(template) + (collisionCount ? String(collisionCount) : ''))));
}
