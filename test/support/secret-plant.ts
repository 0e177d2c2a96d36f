import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Recipe } from '../../src/runners/recipe.js';
import { UserError } from '../../src/shared/errors.js';

const r = () => randomBytes(12).toString('hex');

/**
 * Secrets planted in a tool's output: the openrc / clouds.yaml / Vault / Docker / kubeconfig /
 * PEM shapes the redactor knows, and the exact values of the secrets a runner is configured
 * with through its environment (`env`). Fresh random values on every call.
 */
export function plantSecrets() {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  const env = {
    OS_PASSWORD: `envpw${r()}`,
    LABOPS_DOCKERHUB_TOKEN: `hubtok${r()}`,
    PATH: process.env.PATH ?? '',
  };
  /** Each planted secret: the text a tool prints, and the values that must never come out. */
  const planted: [string, string[]][] = [
    [`export OS_PASSWORD=openrc${r()}`, []],
    [`      password: clouds${r()}`, []],
    [`      application_credential_secret: appcred${r()}`, []],
    [`      token: cloudtok${r()}`, []],
    [`OS_PASSWORD: ${env.OS_PASSWORD}`, [env.OS_PASSWORD]],
    [`Initial Root Token: hvs.${r()}${r()}`, []],
    [`Unseal Key 1: unseal${r()}+/=`, []],
    [`vault token hvs.${r()}abcdefgh`, []],
    [`docker login -p dckr_pat_${r()}`, []],
    [pem, pem.split('\n').filter((l) => l && !l.startsWith('-----'))],
    [rsa, rsa.split('\n').filter((l) => l && !l.startsWith('-----'))],
    [`cert: ${Buffer.from(rsa).toString('base64')}`, [Buffer.from(rsa).toString('base64').slice(20, 80)]],
    [
      `    client-key-data: ${Buffer.from(pem).toString('base64')}`,
      [Buffer.from(pem).toString('base64').slice(20, 60)],
    ],
    [`    token: kubetok${r()}`, []],
    [`curl -H 'Authorization: Bearer eyJ${r()}${r()}'`, []],
    [`pushed with ${env.LABOPS_DOCKERHUB_TOKEN}`, [env.LABOPS_DOCKERHUB_TOKEN]],
  ];
  /** The secret part of a line whose value is its last word (after `: `, `=`, a space). */
  const secretsOf = ([line, extra]: [string, string[]]) => {
    if (extra.length) return extra;
    const m = /([^\s=:'"]{12,})'?$/.exec(line.trim());
    return [m?.[1] ?? line];
  };
  const secrets = planted.flatMap(secretsOf);
  const output = planted.map(([l]) => l).join('\n');
  return { env, secrets, output, recipe: leakyPing(output) };
}

/**
 * A `ping` recipe that prints `output` on stdout and stderr, then, by its message: `ok`
 * returns it in its result; `user-error` / `internal` throw it in a UserError / an Error;
 * `exec-fails` runs a tool that prints it and exits 3.
 */
function leakyPing(output: string): Recipe<{ message: string }> {
  return {
    job: 'ping',
    steps: [
      {
        name: 'print',
        apply: async (d, ctx) => {
          await ctx.exec({
            argv: [
              process.execPath,
              '-e',
              'process.stdout.write(process.argv[1]); process.stderr.write(process.argv[1])',
              output,
            ],
            timeoutMs: 10_000,
          });
          if (d.message === 'user-error') throw new UserError('TOOL_FAILED', `could not log in:\n${output}`);
          if (d.message === 'internal') throw new Error(`crashed with ${output}`);
          if (d.message === 'exec-fails')
            await ctx.exec({
              argv: [process.execPath, '-e', 'console.log(process.argv[1]); process.exit(3)', output],
              timeoutMs: 10_000,
            });
          return output;
        },
        timeoutMs: 20_000,
      },
    ],
    result: () => ({ summary: `done: ${output}`, fields: [{ name: 'out', value: output }] }),
  };
}

/** The planted secrets found in `text`, printing where the first few are (to debug a leak). */
export function leaksIn(text: string, secrets: readonly string[]): string[] {
  const leaked = secrets.filter((s) => text.includes(s));
  for (const s of leaked.slice(0, 4)) {
    const i = text.indexOf(s);
    process.stderr.write(`LEAK ${s.slice(0, 30)} :: ${text.slice(Math.max(0, i - 300), i + 60)}\n`);
  }
  return leaked;
}
