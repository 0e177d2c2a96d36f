import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { opt, opts } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { sha256Hex } from '../state/ids.js';
import { withLock } from '../state/store.js';
import { dockerDir, readImages, tagImage, writeImages } from './images.js';
import { dockerArgs } from './parse.js';

/**
 * `docker build -t NAME:TAG DIR`: registers the build context as a local image. Output is
 * BuildKit's plain progress on stderr (Docker ≥ 23, fixture docker-build-buildkit-plain-*)
 * or the legacy builder's on stdout when DOCKER_BUILDKIT=0 (fixture docker-build-classic-*).
 */

function contextFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

function instructions(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function buildkit(
  out: Output,
  lines: string[],
  tags: string[],
  id: string,
  dfSize: number,
  ctxSize: number,
): void {
  const from = (lines.find((l) => /^FROM\s/i.test(l)) ?? 'FROM scratch').split(/\s+/)[1] ?? 'scratch';
  const base = from.includes('/') ? `docker.io/${from}` : `docker.io/library/${from}`;
  const steps = lines.filter((l) => /^(FROM|RUN|COPY|ADD|WORKDIR)\s/i.test(l));
  const e = (s: string): void => out.err(s);
  e('#0 building with "default" instance using docker driver');
  e('');
  e('#1 [internal] load build definition from Dockerfile');
  e(`#1 transferring dockerfile: ${dfSize}B done`);
  e('#1 DONE 0.0s');
  e('');
  e(`#2 [internal] load metadata for ${base}`);
  e('#2 DONE 0.9s');
  e('');
  e('#3 [internal] load .dockerignore');
  e('#3 transferring context: 2B done');
  e('#3 DONE 0.0s');
  let n = 4;
  steps.forEach((step, i) => {
    e('');
    if (i === 0) {
      const digest = sha256Hex(base);
      e(`#${n} [1/${steps.length}] FROM ${base}@sha256:${digest}`);
      e(`#${n} resolve ${base}@sha256:${digest} 0.0s done`);
      e(`#${n} CACHED`);
    } else {
      if (
        /^(COPY|ADD)\s/i.test(step) &&
        !lines.slice(0, lines.indexOf(step)).some((l) => /^(COPY|ADD)\s/i.test(l))
      ) {
        e(`#${n} [internal] load build context`);
        e(`#${n} transferring context: ${ctxSize}B done`);
        e(`#${n} DONE 0.0s`);
        e('');
        n++;
      }
      e(`#${n} [${i + 1}/${steps.length}] ${step}`);
      e(`#${n} DONE 0.1s`);
    }
    n++;
  });
  e('');
  e(`#${n} exporting to image`);
  e(`#${n} exporting layers 0.1s done`);
  e(`#${n} writing image sha256:${id} done`);
  for (const t of tags) {
    const full = t.includes('/') ? `docker.io/${t}` : `docker.io/library/${t}`;
    e(`#${n} naming to ${full} done`);
  }
  e(`#${n} DONE 0.1s`);
}

function legacy(out: Output, lines: string[], tags: string[], id: string, ctxSize: number): void {
  out.err('DEPRECATED: The legacy builder is deprecated and will be removed in a future release.');
  out.err('            Install the buildx component to build images with BuildKit:');
  out.err('            https://docs.docker.com/go/buildx/');
  out.err('');
  out.out(`Sending build context to Docker daemon  ${(ctxSize / 1024).toFixed(3)}kB`);
  lines.forEach((line, i) => {
    out.out(`Step ${i + 1}/${lines.length} : ${line}`);
    out.out(` ---> ${sha256Hex(`${id}${i}`).slice(0, 12)}`);
  });
  out.out(`Successfully built ${id.slice(0, 12)}`);
  for (const t of tags) out.out(`Successfully tagged ${t.includes(':') ? t : `${t}:latest`}`);
}

export async function build(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('build', argv, {
    values: [
      '--tag',
      '--file',
      '--build-arg',
      '--platform',
      '--progress',
      '--target',
      '--network',
      '--label',
    ],
    bools: ['--no-cache', '--pull', '--quiet', '--rm', '--load', '--push'],
    aliases: { '-t': '--tag', '-f': '--file', '-q': '--quiet' },
  });
  const dir = args.positionals[0];
  if (!dir)
    throw new CliExit(
      'ERROR: "docker buildx build" requires exactly 1 argument.\nSee \'docker buildx build --help\'.\n',
      1,
    );
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliExit(`ERROR: unable to prepare context: path "${dir}" not found\n`, 1);
  const dfPath = opt(args, '--file') ?? join(dir, 'Dockerfile');
  if (!existsSync(dfPath)) {
    throw new CliExit(
      'ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n',
      1,
    );
  }
  const dockerfile = readFileSync(dfPath, 'utf8');
  const files = contextFiles(dir);
  const ctxSize = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  const id = sha256Hex(
    files.map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n') + dockerfile,
  );
  const tags = opts(args, '--tag');
  withLock(ctx.stateDir, () => {
    const contextDir = join(dockerDir(ctx.stateDir), 'contexts', id.slice(0, 12));
    rmSync(contextDir, { recursive: true, force: true });
    cpSync(dir, contextDir, { recursive: true });
    let images = readImages(ctx.stateDir);
    const image = { id, repo: '<none>', tag: '<none>', createdAt: ctx.now, size: '660MB', contextDir };
    if (tags.length === 0) images.push(image);
    for (const t of tags) images = tagImage(images, image, t);
    writeImages(ctx.stateDir, images);
  });
  const lines = instructions(dockerfile);
  if (ctx.env.DOCKER_BUILDKIT === '0') legacy(out, lines, tags, id, ctxSize);
  else if (args.options.has('--quiet')) out.out(`sha256:${id}`);
  else buildkit(out, lines, tags, id, Buffer.byteLength(dockerfile), ctxSize);
  return 0;
}
