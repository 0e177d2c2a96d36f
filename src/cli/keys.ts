import type { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeys, loadPrivateKey, loadPublicKey } from '../jobs/signing.js';
import type { Config } from '../shared/config.js';
import { ConfigError } from '../shared/config.js';

export const signingKeyPath = (dir: string) => join(dir, 'signing.key');
export const verifyKeyPath = (dir: string) => join(dir, 'verify.pub');

/** Writes a new Ed25519 key pair: the private key for the bot (0600), the public key for runners. */
export function writeKeyPair(dir: string, force = false): { signing: string; verify: string } {
  const signing = signingKeyPath(dir);
  const verify = verifyKeyPath(dir);
  if (!force && (existsSync(signing) || existsSync(verify))) {
    throw new ConfigError(
      `keys already exist in ${dir}; use --force to replace them (runners then need the new verify.pub)`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = generateSigningKeys();
  writeFileSync(signing, pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(verify, pair.publicKeyPem, { mode: 0o644 });
  return { signing, verify };
}

/** A setting holding either PEM text or a path to a PEM file. */
function pemFrom(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}

function load<T>(setting: string, value: string | undefined, fallback: string, parse: (pem: string) => T): T {
  const source = value ?? fallback;
  if (!value && !existsSync(fallback)) {
    throw new ConfigError(
      `${setting}: no key at ${fallback}; run \`labops keys generate\` or set ${setting} to a PEM file`,
    );
  }
  try {
    return parse(pemFrom(source));
  } catch (err) {
    throw new ConfigError(
      `${setting}: cannot read an Ed25519 key from ${value ? 'the setting' : fallback}: ${(err as Error).message}`,
    );
  }
}

export function loadSigningKey(config: Config): KeyObject {
  return load(
    'LABOPS_SIGNING_KEY',
    config.LABOPS_SIGNING_KEY,
    signingKeyPath(config.keysDir),
    loadPrivateKey,
  );
}

export function loadVerifyKey(config: Config): KeyObject {
  return load('LABOPS_VERIFY_KEY', config.LABOPS_VERIFY_KEY, verifyKeyPath(config.keysDir), loadPublicKey);
}
