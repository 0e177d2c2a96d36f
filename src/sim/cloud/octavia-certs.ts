import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether the amphorae of a simulated Octavia would accept its controller, judged with the real
 * `openssl` on the charm's five `lb-mgmt-*` settings (base64 PEM, as `juju config octavia` holds
 * them). The charm takes any value; the failure shows on the data path, as in the Octavia
 * Certificate Configuration Guide's two-way TLS (openstack/octavia
 * doc/source/admin/guides/certificates.rst): the amphora agent verifies the controller's client
 * certificate against `lb-mgmt-controller-cacert`, and the controller signs each amphora's
 * server certificate with `lb-mgmt-issuing-ca-private-key` and its passphrase.
 */

/** The five `lb-mgmt-*` settings of the octavia charm (its config.yaml). */
export interface OctaviaCertConfig {
  'lb-mgmt-issuing-cacert'?: string;
  'lb-mgmt-issuing-ca-private-key'?: string;
  'lb-mgmt-issuing-ca-key-passphrase'?: string;
  'lb-mgmt-controller-cacert'?: string;
  'lb-mgmt-controller-cert'?: string;
}

function openssl(dir: string, args: string[], env: Record<string, string> = {}): string | null {
  try {
    execFileSync('openssl', args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    return null;
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    const text = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim();
    return text || e.message;
  }
}

/** The public key of a certificate or of a private key, as PEM text; null when openssl cannot read it. */
function publicKey(dir: string, args: string[], env: Record<string, string> = {}): string | null {
  try {
    return execFileSync('openssl', args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'pipe',
    }).toString();
  } catch {
    return null;
  }
}

/**
 * Null when the controller and the amphorae would trust each other; else why not, in openssl's
 * words (e.g. "error 18 at 0 depth lookup: self-signed certificate" for a controller
 * certificate that bears its CA's subject and no key identifiers).
 */
export function amphoraTlsRefusal(config: OctaviaCertConfig): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'sim-octavia-certs-'));
  try {
    const file = (name: string, key: keyof OctaviaCertConfig) =>
      writeFileSync(join(dir, name), Buffer.from(config[key] ?? '', 'base64'), { mode: 0o600 });
    file('controller_ca.pem', 'lb-mgmt-controller-cacert');
    file('controller_bundle.pem', 'lb-mgmt-controller-cert');
    file('issuing_ca.pem', 'lb-mgmt-issuing-cacert');
    file('issuing_ca_key.pem', 'lb-mgmt-issuing-ca-private-key');
    const client = openssl(dir, [
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      'controller_ca.pem',
      'controller_bundle.pem',
    ]);
    if (client) return `the amphora agent refuses the controller certificate: ${client}`;
    const certKey = publicKey(dir, ['x509', '-in', 'controller_bundle.pem', '-noout', '-pubkey']);
    const ownKey = publicKey(dir, ['pkey', '-in', 'controller_bundle.pem', '-pubout']);
    if (!ownKey || certKey !== ownKey)
      return 'lb-mgmt-controller-cert does not hold the private key of its certificate';
    const pass = { OCTAVIA_CA_PASS: config['lb-mgmt-issuing-ca-key-passphrase'] ?? '' };
    const key = openssl(
      dir,
      ['pkey', '-in', 'issuing_ca_key.pem', '-passin', 'env:OCTAVIA_CA_PASS', '-noout'],
      pass,
    );
    if (key) return `the controller cannot open lb-mgmt-issuing-ca-private-key with its passphrase: ${key}`;
    const ca = openssl(dir, ['verify', '-CAfile', 'issuing_ca.pem', 'issuing_ca.pem']);
    if (ca) return `lb-mgmt-issuing-cacert is not a usable CA: ${ca}`;
    const caKey = publicKey(dir, ['x509', '-in', 'issuing_ca.pem', '-noout', '-pubkey']);
    const signer = publicKey(
      dir,
      ['pkey', '-in', 'issuing_ca_key.pem', '-passin', 'env:OCTAVIA_CA_PASS', '-pubout'],
      pass,
    );
    if (caKey !== signer) return 'lb-mgmt-issuing-ca-private-key is not the key of lb-mgmt-issuing-cacert';
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
