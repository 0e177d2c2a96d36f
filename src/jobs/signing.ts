import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

/**
 * Ed25519 signatures over job envelopes. The bot (or the CLI) holds the private key; a
 * runner holds only the public key and runs nothing it cannot verify.
 */

/** JSON with object keys sorted, so the same value always signs the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateSigningKeys(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function loadPrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the signing key is not an Ed25519 private key');
  return key;
}

export function loadPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the verify key is not an Ed25519 public key');
  return key;
}

export function signPayload(payload: unknown, key: KeyObject): string {
  return sign(null, Buffer.from(canonicalJson(payload)), key).toString('base64');
}

export function verifyPayload(payload: unknown, signature: string, key: KeyObject): boolean {
  try {
    const sig = Buffer.from(signature, 'base64');
    if (sig.length !== 64) return false;
    return verify(null, Buffer.from(canonicalJson(payload)), key, sig);
  } catch {
    return false;
  }
}
