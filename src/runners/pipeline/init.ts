import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { generateSigningKeys } from '../../jobs/signing.js';
import { Codes, UserError } from '../../shared/errors.js';
import { helloNodeDir } from '../recipes/image/context.js';
import { DEFAULT_PIPELINE_YAML } from './config.js';
import { pipelineLayout } from './layout.js';

/** What `labops pipeline init` made. */
export interface PipelineInit {
  dir: string;
  bare: string;
  clone: string;
  commit: string;
  webhookSecretFile: string;
}

/** `<repo>/bin/labops.js`, found from this module in src/ or dist/. */
export function labopsBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'bin', 'labops.js'))) return join(dir, 'bin', 'labops.js');
    dir = dirname(dir);
  }
  throw new Error('bin/labops.js not found next to labops');
}

const git = (args: string[], cwd?: string) =>
  execa('git', args, { cwd, env: { GIT_TERMINAL_PROMPT: '0' }, timeout: 60_000 });

/**
 * `labops pipeline init <dir>`: a bare repository `<dir>/hello-node.git` and a working clone
 * `<dir>/hello-node` whose `origin` it is, seeded in one first commit with the guide's app and
 * a `labops.yaml`; the team's pipeline key and webhook secret; then the `post-receive` hook,
 * installed after the first push so that only the team's own pushes start the pipeline.
 */
export async function initPipeline(o: {
  dir: string;
  team: string;
  redisUrl: string;
  node?: string;
  bin?: string;
}): Promise<PipelineInit> {
  const dir = resolve(o.dir);
  const l = pipelineLayout(dir);
  if (existsSync(l.bare) || existsSync(l.clone))
    throw new UserError(
      Codes.badInput,
      `${dir} already holds a pipeline (hello-node.git or hello-node): choose another folder or remove them first`,
    );
  mkdirSync(l.own, { recursive: true, mode: 0o700 });
  await git(['init', '--quiet', '--bare', '--initial-branch=main', l.bare]);
  await git(['clone', '--quiet', l.bare, l.clone]);
  await git(['checkout', '--quiet', '-B', 'main'], l.clone);
  for (const f of ['server.js', 'Dockerfile']) copyFileSync(join(helloNodeDir(), f), join(l.clone, f));
  writeFileSync(join(l.clone, 'labops.yaml'), DEFAULT_PIPELINE_YAML);
  await git(['add', 'server.js', 'Dockerfile', 'labops.yaml'], l.clone);
  await git(
    [
      '-c',
      'user.name=labops',
      '-c',
      'user.email=labops@localhost',
      'commit',
      '--quiet',
      '-m',
      "The guide's hello-node app and its labops.yaml",
    ],
    l.clone,
  );
  await git(['push', '--quiet', 'origin', 'main'], l.clone);
  const commit = (await git(['rev-parse', 'HEAD'], l.clone)).stdout.trim();

  const keys = generateSigningKeys();
  writeFileSync(l.key, keys.privateKeyPem, { mode: 0o600 });
  writeFileSync(l.pub, keys.publicKeyPem, { mode: 0o644 });
  writeFileSync(l.webhookSecret, `whsec_${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  writeFileSync(
    l.hookEnv,
    [
      `LABOPS_TEAM=${shellQuote(o.team)}`,
      `REDIS_URL=${shellQuote(o.redisUrl)}`,
      `LABOPS_PIPELINE_DIR=${shellQuote(dir)}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const hook = join(l.bare, 'hooks', 'post-receive');
  writeFileSync(hook, hookScript(o.node ?? process.execPath, o.bin ?? labopsBin(), dir));
  chmodSync(hook, 0o755);
  return { dir, bare: l.bare, clone: l.clone, commit, webhookSecretFile: l.webhookSecret };
}

/** The `post-receive` hook: git gives it `<old> <new> <ref>` lines on stdin (githooks(5)). */
export function hookScript(node: string, bin: string, dir: string): string {
  return [
    '#!/bin/sh',
    "# labops: a push to main starts the team's delivery pipeline (labops pipeline init).",
    `set -a; . ${shellQuote(pipelineLayout(dir).hookEnv)}; set +a`,
    `exec ${shellQuote(node)} ${shellQuote(bin)} pipeline push --dir ${shellQuote(dir)}`,
    '',
  ].join('\n');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
