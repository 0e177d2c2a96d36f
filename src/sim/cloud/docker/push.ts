import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { sha256Hex } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import { formatRows } from './format.js';
import { findImage, readImages, splitRef, tagImage, writeImages } from './images.js';
import { dockerArgs } from './parse.js';
import { IMAGE_COLUMNS, IMAGE_HEADERS, imageRow } from './rows.js';

/**
 * `docker push`, `docker tag` and `docker images`. A push to Docker Hub succeeds only when
 * logged in as the repository's namespace, as on the real Hub; the build context is copied
 * to `<stateDir>/registry/<user>/<repo>/<tag>/` so the simulated cluster can run it.
 */

function layers(id: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => sha256Hex(`${id}:${i}`).slice(0, 12));
}

/** The manifest digest Docker Hub gives `image` pushed as `key` (`user/name:tag`). */
export function pushDigest(imageId: string, key: string): string {
  return `sha256:${sha256Hex(`${imageId}:${key}`)}`;
}

export async function push(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('push', argv, {
    values: ['--platform'],
    bools: ['--all-tags', '--quiet', '--disable-content-trust'],
    aliases: { '-a': '--all-tags', '-q': '--quiet' },
  });
  const ref = args.positionals[0];
  if (!ref)
    throw new CliExit(
      '"docker push" requires exactly 1 argument.\nSee \'docker push --help\'.\n\nUsage:  docker push [OPTIONS] NAME[:TAG]\n\nUpload an image to a registry\n',
      1,
    );
  const { repo, tag } = splitRef(ref);
  const image = findImage(readImages(ctx.stateDir), `${repo}:${tag}`);
  if (!image) throw new CliExit(`An image does not exist locally with the tag: ${repo}\n`, 1);
  const [namespace, name] = repo.includes('/') ? (repo.split('/', 2) as [string, string]) : ['library', repo];
  const own = layers(image.id, 2);
  const base = layers('node-base', 6);
  out.out(`The push refers to repository [docker.io/${namespace}/${name}]`);
  for (const l of [...own, ...base]) out.out(`${l}: Preparing`);
  for (const l of base.slice(3)) out.out(`${l}: Waiting`);
  return mutate(ctx.stateDir, (state) => {
    if (ctx.env.DOCKER_HOST) state.docker.dockerHost = ctx.env.DOCKER_HOST;
    const user = state.docker.loggedInUser;
    if (!user || user !== namespace) {
      out.err('denied: requested access to the resource is denied');
      return 1;
    }
    const key = `${namespace}/${name}:${tag}`;
    const digest = pushDigest(image.id, key);
    const again = state.docker.registry[key]?.digest === digest;
    for (const l of base) out.out(`${l}: ${again ? 'Layer already exists' : 'Mounted from library/node'}`);
    for (const l of own) out.out(`${l}: ${again ? 'Layer already exists' : 'Pushed'}`);
    const size = 2201;
    out.out(`${tag}: digest: ${digest} size: ${size}`);
    const dest = join(ctx.stateDir, 'registry', namespace, name, tag);
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    cpSync(image.contextDir, dest, { recursive: true });
    state.docker.registry[key] = { digest, size, pushedAt: ctx.now };
    return 0;
  });
}

export async function tag(ctx: CommandContext, argv: string[], _out: Output): Promise<number> {
  const args = dockerArgs('tag', argv, {});
  const [source, target] = args.positionals;
  if (!source || !target)
    throw new CliExit('"docker tag" requires exactly 2 arguments.\nSee \'docker tag --help\'.\n', 1);
  mutate(ctx.stateDir, () => {
    const images = readImages(ctx.stateDir);
    const image = findImage(images, source);
    if (!image)
      throw new CliExit(
        `Error response from daemon: No such image: ${source.includes(':') ? source : `${source}:latest`}\n`,
        1,
      );
    writeImages(ctx.stateDir, tagImage(images, image, target));
  });
  return 0;
}

export async function images(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('images', argv, {
    values: ['--filter', '--format'],
    bools: ['--all', '--quiet', '--digests', '--no-trunc'],
    aliases: { '-a': '--all', '-q': '--quiet', '-f': '--filter' },
  });
  const filter = args.positionals[0];
  const wanted = filter ? splitRef(filter) : null;
  const list = readImages(ctx.stateDir)
    .filter((i) => !wanted || (i.repo === wanted.repo && (!filter?.includes(':') || i.tag === wanted.tag)))
    .sort((a, b) => b.createdAt - a.createdAt);
  if (args.options.has('--quiet')) {
    for (const i of list) out.out(i.id.slice(0, 12));
    return 0;
  }
  const registry = load(ctx.stateDir).docker.registry;
  // Docker records a repository digest (RepoDigests) once this very image was pushed there.
  const digestOf = (i: (typeof list)[number]) => {
    const d = registry[`${i.repo}:${i.tag}`]?.digest;
    return d && d === pushDigest(i.id, `${i.repo}:${i.tag}`) ? d : undefined;
  };
  const rows = list.map((i) => imageRow(i, ctx.now, digestOf(i)));
  for (const line of formatRows(
    opt(args, '--format'),
    rows,
    IMAGE_HEADERS,
    IMAGE_COLUMNS,
    '*formatter.ImageContext',
  ))
    out.out(line);
  return 0;
}
