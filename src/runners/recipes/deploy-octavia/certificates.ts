import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { JobData } from '../../../jobs/definitions.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { withHomeFiles } from '../../tools/common/home-files.js';

type D = JobData<'deploy-octavia'>;

const ORG = '/C=BR/ST=SP/O=Cloud Lab/OU=Octavia';

/**
 * Three distinct subjects. A controller certificate with its CA's subject looks self-issued, and
 * `openssl verify -CAfile controller_ca.pem controller_cert.pem` then fails with "error 18 at 0
 * depth lookup: self-signed certificate"; the amphora agent refuses the controller the same way.
 */
export const SUBJECTS = {
  issuingCa: `${ORG}/CN=Octavia issuing CA`,
  controllerCa: `${ORG}/CN=Octavia controller CA`,
  controller: `${ORG}/CN=octavia-controller`,
} as const;

/** The openssl configuration written next to the keys, named by `-config` and `-extfile`. */
export const OPENSSL_CNF_FILE = 'octavia-openssl.cnf';

/**
 * The extensions of the Octavia Certificate Configuration Guide (openstack/octavia
 * doc/source/admin/guides/sample-configs/openssl.cnf): `v3_ca` for both CAs, `usr_cert` for the
 * controller's client certificate. The controller is only ever a TLS client of the amphora agent
 * (the guide's two-way TLS, phase two), so its certificate is for `clientAuth` alone. Our own file
 * rather than the system openssl.cnf, so OpenSSL 1.1.1 (Ubuntu 20.04) and 3.x give the same result.
 */
export const OPENSSL_CNF = `[ req ]
prompt = no
distinguished_name = req_dn
default_md = sha256
string_mask = utf8only

[ req_dn ]
CN = octavia

[ v3_ca ]
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always,issuer
basicConstraints = critical, CA:true
keyUsage = critical, digitalSignature, cRLSign, keyCertSign

[ usr_cert ]
basicConstraints = CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
`;

const DAYS = '3650'; // the guide's default_days

/**
 * Pure: the openssl argv of the guide, with separate issuing and controller CAs (never the same
 * one), run in a directory holding {@link OPENSSL_CNF_FILE}. The passphrase comes from the
 * environment (`env:LABOPS_CA_PASS`), so it is never on a command line. The controller
 * certificate is signed with `x509 -req -extfile … -extensions usr_cert`, which gives the same
 * version-3 certificate as the guide's `openssl ca` without its demoCA database.
 */
export function opensslPlan(): (readonly [string, ...string[]])[] {
  const pass = 'env:LABOPS_CA_PASS';
  // Fixed words only: subjects hold spaces, so they are appended as single arguments.
  const o = (words: string, ...rest: string[]): [string, ...string[]] => [
    'openssl',
    ...words.split(' '),
    ...rest,
  ];
  const cnf = OPENSSL_CNF_FILE;
  const ca = (name: string, subj: string) => [
    o(`genpkey -algorithm RSA -aes256 -pass ${pass} -out ${name}_ca_key.pem`),
    o(
      `req -config ${cnf} -new -x509 -extensions v3_ca -sha256 -days ${DAYS} -passin ${pass}` +
        ` -key ${name}_ca_key.pem -out ${name}_ca.pem -subj`,
      subj,
    ),
  ];
  return [
    ...ca('issuing', SUBJECTS.issuingCa),
    ...ca('controller', SUBJECTS.controllerCa),
    o(
      `req -config ${cnf} -new -newkey rsa:2048 -nodes -keyout controller_key.pem -out controller.csr -subj`,
      SUBJECTS.controller,
    ),
    o(
      `x509 -req -in controller.csr -CA controller_ca.pem -CAkey controller_ca_key.pem -passin ${pass}` +
        ` -CAcreateserial -sha256 -days ${DAYS} -extfile ${cnf} -extensions usr_cert -out controller_cert.pem`,
    ),
  ];
}

const KEYS = [
  'lb-mgmt-issuing-cacert',
  'lb-mgmt-issuing-ca-private-key',
  'lb-mgmt-issuing-ca-key-passphrase',
  'lb-mgmt-controller-cacert',
  'lb-mgmt-controller-cert',
] as const;

async function generate(ctx: RecipeContext, dir: string, pass: string): Promise<Record<string, string>> {
  for (const argv of opensslPlan())
    await ctx.exec({
      argv,
      cwd: dir,
      env: { LABOPS_CA_PASS: pass },
      allowEnv: [],
      timeoutMs: 60_000,
      mutates: true,
    });
  const b64 = (f: string) =>
    ctx.dryRun ? `<base64 of ${f}>` : readFileSync(join(dir, f)).toString('base64');
  if (!ctx.dryRun) {
    // `cat controller_cert.pem controller_key.pem > controller_cert_bundle.pem`, without a shell.
    const bundle =
      readFileSync(join(dir, 'controller_cert.pem'), 'utf8') +
      readFileSync(join(dir, 'controller_key.pem'), 'utf8');
    writeFileSync(join(dir, 'controller_cert_bundle.pem'), bundle, { mode: 0o600 });
  }
  return {
    'lb-mgmt-issuing-cacert': b64('issuing_ca.pem'),
    'lb-mgmt-issuing-ca-private-key': b64('issuing_ca_key.pem'),
    'lb-mgmt-issuing-ca-key-passphrase': ctx.dryRun ? '<passphrase>' : pass,
    'lb-mgmt-controller-cacert': b64('controller_ca.pem'),
    'lb-mgmt-controller-cert': b64('controller_cert_bundle.pem'),
  };
}

/**
 * The five `lb-mgmt-*` settings, generated in a private directory under $HOME that is removed
 * afterwards, and handed to juju as `config --file` so that no key is ever on a command line.
 */
export const certificates: Step<D> = {
  name: 'Octavia lb-mgmt certificates',
  check: async (_d, ctx) => {
    const { juju } = ctx.tools;
    for (const k of KEYS) if (!(await juju.getConfig('octavia', k).catch(() => ''))) return false;
    return 'the five lb-mgmt-* settings are set';
  },
  apply: async (_d, ctx) => {
    await withHomeFiles(
      ctx.env,
      `octavia-certs-${ctx.jobId}`,
      { [OPENSSL_CNF_FILE]: OPENSSL_CNF },
      async (_files, dir) => {
        const pass = randomBytes(18).toString('base64url');
        ctx.secret(pass);
        const values = await generate(ctx, dir, pass);
        const file = join(dir, 'octavia-config.yaml');
        writeFileSync(file, stringify({ octavia: values }), { mode: 0o600 });
        await ctx.tools.juju.configFile('octavia', file);
      },
    );
    return 'issuing and controller CAs generated and set on octavia';
  },
  timeoutMs: 5 * 60_000,
  timeoutHint: 'openssl or `juju config octavia` did not finish',
};
