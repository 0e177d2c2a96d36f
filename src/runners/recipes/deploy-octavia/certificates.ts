import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { JobData } from '../../../jobs/definitions.js';
import type { RecipeContext } from '../../context.js';
import { labTools } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { withHomeFiles } from '../../tools/common/home-files.js';

type D = JobData<'deploy-octavia'>;
const SUBJ = '/C=BR/ST=SP/O=Insper Cloud Lab/CN=octavia';

/**
 * Pure: the openssl argv of the charm guide, with separate issuing and controller CAs (never
 * the same one). The passphrase comes from the environment (`env:LABOPS_CA_PASS`), so it is
 * never on a command line; the controller certificate is signed with `x509 -req`, which needs
 * no demoCA database.
 */
export function opensslPlan(): (readonly [string, ...string[]])[] {
  const pass = 'env:LABOPS_CA_PASS';
  const ca = (name: string) =>
    [
      ['openssl', 'genpkey', '-algorithm', 'RSA', '-aes256', '-pass', pass, '-out', `${name}_ca_key.pem`],
      [
        'openssl',
        'req',
        '-x509',
        '-passin',
        pass,
        '-new',
        '-key',
        `${name}_ca_key.pem`,
        '-subj',
        SUBJ,
        '-days',
        '365',
        '-out',
        `${name}_ca.pem`,
      ],
    ] as const;
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
      SUBJ,
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
      '-passin',
      pass,
      '-CAcreateserial',
      '-days',
      '365',
      '-out',
      'controller_cert.pem',
    ],
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
    const { juju } = labTools(ctx);
    for (const k of KEYS) if (!(await juju.getConfig('octavia', k).catch(() => ''))) return false;
    return 'the five lb-mgmt-* settings are set';
  },
  apply: async (_d, ctx) => {
    await withHomeFiles(ctx.env, `octavia-certs-${ctx.jobId}`, {}, async (_files, dir) => {
      const pass = randomBytes(18).toString('base64url');
      ctx.secret(pass);
      const values = await generate(ctx, dir, pass);
      const file = join(dir, 'octavia-config.yaml');
      writeFileSync(file, stringify({ octavia: values }), { mode: 0o600 });
      await labTools(ctx).juju.configFile('octavia', file);
    });
    return 'issuing and controller CAs generated and set on octavia';
  },
  timeoutMs: 5 * 60_000,
  timeoutHint: 'openssl or `juju config octavia` did not finish',
};
