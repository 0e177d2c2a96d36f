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
import { amphoraTlsRefusal, type OctaviaCertConfig } from '../../src/sim/cloud/octavia-certs.js';

// The simulated cloud's judgement of Octavia's lb-mgmt settings, by the real openssl: the
// recipe's certificates pass; the earlier recipe's (one subject for CA and certificate, no
// extensions) are refused with openssl's "self-signed certificate", as the amphorae refuse them.

const PASS = 'sim-octavia-passphrase';
const dirs: string[] = [];

async function run(dir: string, argv: readonly string[]) {
  const [cmd, ...args] = argv;
  const r = await execa(cmd as string, args, {
    cwd: dir,
    env: { LABOPS_CA_PASS: PASS },
    reject: false,
    all: true,
  });
  expect(r.exitCode, `${argv.join(' ')}\n${r.all}`).toBe(0);
}

/** The five settings as the recipe sets them, from the files made in `dir`. */
function settings(dir: string): OctaviaCertConfig {
  const b64 = (f: string) => readFileSync(join(dir, f)).toString('base64');
  const bundle =
    readFileSync(join(dir, 'controller_cert.pem'), 'utf8') +
    readFileSync(join(dir, 'controller_key.pem'), 'utf8');
  return {
    'lb-mgmt-issuing-cacert': b64('issuing_ca.pem'),
    'lb-mgmt-issuing-ca-private-key': b64('issuing_ca_key.pem'),
    'lb-mgmt-issuing-ca-key-passphrase': PASS,
    'lb-mgmt-controller-cacert': b64('controller_ca.pem'),
    'lb-mgmt-controller-cert': Buffer.from(bundle).toString('base64'),
  };
}

async function make(plan: readonly (readonly string[])[]): Promise<OctaviaCertConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'sim-octavia-certs-test-'));
  dirs.push(dir);
  writeFileSync(join(dir, OPENSSL_CNF_FILE), OPENSSL_CNF);
  for (const argv of plan) await run(dir, argv);
  return settings(dir);
}

/** The earlier recipe's commands: one subject for CA and certificate, `x509 -req` with no extensions. */
function earlierPlan(): string[][] {
  const subj = '/C=BR/ST=SP/O=Cloud Lab/CN=octavia';
  const pass = 'env:LABOPS_CA_PASS';
  const ca = (n: string) => [
    ['openssl', 'genpkey', '-algorithm', 'RSA', '-aes256', '-pass', pass, '-out', `${n}_ca_key.pem`],
    [
      'openssl',
      'req',
      '-x509',
      '-passin',
      pass,
      '-new',
      '-key',
      `${n}_ca_key.pem`,
      '-subj',
      subj,
      '-days',
      '365',
      '-out',
      `${n}_ca.pem`,
    ],
  ];
  return [
    ...ca('issuing'),
    ...ca('controller'),
    [
      'openssl',
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'controller_key.pem',
      '-subj',
      subj,
      '-out',
      'controller.csr',
    ],
    [
      'openssl',
      'x509',
      '-req',
      '-in',
      'controller.csr',
      '-CA',
      'controller_ca.pem',
      '-CAkey',
      'controller_ca_key.pem',
    ].concat(['-passin', pass, '-CAcreateserial', '-days', '365', '-out', 'controller_cert.pem']),
  ];
}

let good: OctaviaCertConfig;
let earlier: OctaviaCertConfig;

beforeAll(async () => {
  [good, earlier] = await Promise.all([make(opensslPlan()), make(earlierPlan())]);
}, 60_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('simulated Octavia: would the amphorae accept the controller?', () => {
  it("accepts the recipe's certificates", () => {
    expect(amphoraTlsRefusal(good)).toBeNull();
  });

  it("refuses the earlier recipe's with openssl's words", () => {
    expect(amphoraTlsRefusal(earlier)).toMatch(
      /^the amphora agent refuses the controller certificate: .*error 18 at 0 depth lookup: self-signed certificate/s,
    );
  });

  it('refuses a wrong passphrase, a key of another CA and a bundle without its key', () => {
    expect(amphoraTlsRefusal({ ...good, 'lb-mgmt-issuing-ca-key-passphrase': 'wrong' })).toMatch(
      /^the controller cannot open lb-mgmt-issuing-ca-private-key with its passphrase/,
    );
    expect(
      amphoraTlsRefusal({
        ...good,
        'lb-mgmt-issuing-ca-private-key': earlier['lb-mgmt-issuing-ca-private-key'],
        'lb-mgmt-issuing-ca-key-passphrase': PASS,
      }),
    ).toBe('lb-mgmt-issuing-ca-private-key is not the key of lb-mgmt-issuing-cacert');
    const certOnly = Buffer.from(good['lb-mgmt-controller-cert'] ?? '', 'base64')
      .toString()
      .split('-----END CERTIFICATE-----')[0];
    expect(
      amphoraTlsRefusal({
        ...good,
        'lb-mgmt-controller-cert': Buffer.from(`${certOnly}-----END CERTIFICATE-----\n`).toString('base64'),
      }),
    ).toBe('lb-mgmt-controller-cert does not hold the private key of its certificate');
  });
});
