import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OPENSSL_CNF,
  OPENSSL_CNF_FILE,
  opensslPlan,
} from '../../src/runners/recipes/deploy-octavia/certificates.js';

// The recipe's own openssl plan, run with the real `openssl` (no stand-in), then judged the way
// the amphora agent judges the controller: `openssl verify` against the controller CA, for TLS
// client use. The old plan (CA and certificate with one subject, `x509 -req` without extensions)
// failed here with "error 18 at 0 depth lookup: self-signed certificate".

const PASS = 'not-a-real-passphrase-42';
let dir: string;

const openssl = (...args: string[]) =>
  execa('openssl', args, { cwd: dir, reject: false, env: { LABOPS_CA_PASS: PASS }, all: true });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octavia-certs-'));
  writeFileSync(join(dir, OPENSSL_CNF_FILE), OPENSSL_CNF);
  for (const [cmd, ...args] of opensslPlan()) {
    expect(cmd).toBe('openssl');
    const r = await openssl(...args);
    expect(r.exitCode, `${args.join(' ')}\n${r.all}`).toBe(0);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = async (file: string) => (await openssl('x509', '-in', file, '-noout', '-text')).stdout;
const subject = async (file: string) =>
  (await openssl('x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253')).stdout;

describe('Octavia lb-mgmt certificates, made by the real openssl', () => {
  it('the controller certificate verifies against the controller CA, for TLS client use', async () => {
    const r = await openssl(
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      'controller_ca.pem',
      'controller_cert.pem',
    );
    expect(r.all).toBe('controller_cert.pem: OK');
    expect(r.exitCode).toBe(0);
  });

  it('the controller certificate is version 3 with key identifiers and client-only usage', async () => {
    const t = await text('controller_cert.pem');
    expect(t).toMatch(/Version: 3 \(0x2\)/);
    expect(t).toMatch(/X509v3 Authority Key Identifier:/);
    expect(t).toMatch(/X509v3 Subject Key Identifier:/);
    expect(t).toMatch(/X509v3 Basic Constraints:\s*\n\s*CA:FALSE/);
    expect(t).toMatch(/X509v3 Key Usage: critical\s*\n\s*Digital Signature, Key Encipherment/);
    expect(t).toMatch(/X509v3 Extended Key Usage:\s*\n\s*TLS Web Client Authentication\s*\n/);
  });

  it('the two CAs are version-3 CAs that may sign, each verifying as its own root', async () => {
    for (const ca of ['issuing_ca.pem', 'controller_ca.pem']) {
      const t = await text(ca);
      expect(t).toMatch(/Version: 3 \(0x2\)/);
      expect(t).toMatch(/X509v3 Basic Constraints: critical\s*\n\s*CA:TRUE/);
      expect(t).toMatch(/X509v3 Key Usage: critical\s*\n\s*Digital Signature, Certificate Sign, CRL Sign/);
      expect((await openssl('verify', '-CAfile', ca, ca)).all).toBe(`${ca}: OK`);
    }
  });

  it('the CAs and the controller certificate have three distinct subjects', async () => {
    const names = await Promise.all(
      ['issuing_ca.pem', 'controller_ca.pem', 'controller_cert.pem'].map(subject),
    );
    expect(new Set(names).size).toBe(3);
    expect(names.join('\n')).not.toMatch(/Insper/);
    const issuer = (
      await openssl('x509', '-in', 'controller_cert.pem', '-noout', '-issuer', '-nameopt', 'RFC2253')
    ).stdout;
    expect(issuer.replace(/^issuer=/, '')).toBe(names[1]?.replace(/^subject=/, ''));
  });

  it('the issuing CA key and passphrase sign an amphora server certificate that verifies', async () => {
    // What Octavia's local_cert_generator does with lb-mgmt-issuing-ca-private-key and its passphrase.
    const req = await openssl(
      'req',
      '-config',
      OPENSSL_CNF_FILE,
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'amp_key.pem',
      '-out',
      'amp.csr',
      '-subj',
      '/CN=amphora-0001',
    );
    expect(req.exitCode, req.all).toBe(0);
    writeFileSync(
      join(dir, 'amp-ext.cnf'),
      '[ s ]\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n',
    );
    const sign = await openssl(
      'x509',
      '-req',
      '-in',
      'amp.csr',
      '-CA',
      'issuing_ca.pem',
      '-CAkey',
      'issuing_ca_key.pem',
      '-passin',
      'env:LABOPS_CA_PASS',
      '-CAcreateserial',
      '-extfile',
      'amp-ext.cnf',
      '-extensions',
      's',
      '-out',
      'amp.pem',
    );
    expect(sign.exitCode, sign.all).toBe(0);
    const r = await openssl('verify', '-purpose', 'sslserver', '-CAfile', 'issuing_ca.pem', 'amp.pem');
    expect(r.all).toBe('amp.pem: OK');
  });

  it('the passphrase is on no command line, and the issuing CA key needs it', async () => {
    expect(opensslPlan().flat().join(' ')).not.toContain(PASS);
    const key = readFileSync(join(dir, 'issuing_ca_key.pem'), 'utf8');
    expect(key).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
  });
});
