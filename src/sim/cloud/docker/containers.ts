import { opt, opts } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { sha256Hex } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import { bindError, engineAddress, holderOf, isRunning, portInUse } from './engine-host.js';
import { formatRows } from './format.js';
import { findImage, readImages, splitRef } from './images.js';
import { dockerArgs } from './parse.js';
import { CONTAINER_COLUMNS, CONTAINER_HEADERS, containerRow } from './rows.js';

/**
 * `docker run` and `docker ps`/`container ls`. Containers are records here; the lab's
 * orchestrator (`src/sim/containers.ts`) runs the image's server.js for each running one.
 */

const HELLO_WORLD = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
`;

const NAMES = [
  'eager_turing',
  'festive_hopper',
  'quirky_lovelace',
  'brave_knuth',
  'jolly_ritchie',
  'keen_torvalds',
];

export async function run(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('run', argv, {
    values: [
      '--publish',
      '--name',
      '--env',
      '--volume',
      '--network',
      '--restart',
      '--entrypoint',
      '--workdir',
      '--user',
    ],
    bools: ['--detach', '--rm', '--interactive', '--tty', '--it', '--privileged', '--publish-all'],
    aliases: {
      '-p': '--publish',
      '-d': '--detach',
      '-e': '--env',
      '-v': '--volume',
      '-i': '--interactive',
      '-t': '--tty',
      '-it': '--it',
      '-w': '--workdir',
      '-u': '--user',
      '-P': '--publish-all',
    },
  });
  const [ref, ...cmd] = args.positionals;
  if (!ref)
    throw new CliExit('docker: "run" requires at least 1 argument.\nSee \'docker run --help\'.\n', 125);
  const { repo, tag } = splitRef(ref);
  if (repo === 'hello-world') {
    out.stdout += HELLO_WORLD;
    return 0;
  }
  const state = load(ctx.stateDir);
  const local = findImage(readImages(ctx.stateDir), `${repo}:${tag}`);
  const hubKey = `${repo.includes('/') ? repo : `library/${repo}`}:${tag}`;
  if (!local) {
    out.err(`Unable to find image '${repo}:${tag}' locally`);
    if (!state.docker.registry[hubKey]) {
      throw new CliExit(
        `docker: Error response from daemon: pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker run --help'.\n`,
        125,
      );
    }
    out.err(`${tag}: Pulling from ${repo}`);
    out.err(`Digest: ${state.docker.registry[hubKey]?.digest}`);
    out.err(`Status: Downloaded newer image for ${repo}:${tag}`);
  }
  const ports = opts(args, '--publish').map((p) => {
    const [host, container] = p.split(':').slice(-2);
    return { host: Number(host), container: Number(container ?? host) };
  });
  const id = sha256Hex(`${ref}:${ctx.now}:${Math.random()}`);
  // Published ports bind on the daemon's address; the container is created even when a port is
  // taken (Docker leaves it "Created" and `docker ps -a` lists it), then the start fails.
  const address = engineAddress(ctx.env.DOCKER_HOST);
  let failure: { port: number; byContainer: boolean } | undefined;
  for (const p of ports) {
    const byContainer = Boolean(holderOf(state.docker.containers, address, p.host));
    if (byContainer || (await portInUse(address, p.host))) {
      failure = { port: p.host, byContainer };
      break;
    }
  }
  const name = mutate(ctx.stateDir, (s) => {
    if (ctx.env.DOCKER_HOST) s.docker.dockerHost = ctx.env.DOCKER_HOST;
    const name = opt(args, '--name') ?? NAMES[s.docker.containers.length % NAMES.length] ?? 'sim';
    s.docker.containers.push({
      id,
      name,
      image: `${repo}:${tag}`,
      command: cmd.length ? cmd.join(' ') : 'docker-entrypoint.s…',
      createdAt: ctx.now,
      ports,
      dockerHost: ctx.env.DOCKER_HOST || null,
      state: failure ? 'created' : 'running',
    });
    return name;
  });
  if (failure)
    throw new CliExit(bindError(name, sha256Hex(`${id}:endpoint`), failure.port, failure.byContainer), 125);
  if (args.options.has('--detach')) out.out(id);
  else out.out('Server running at http://localhost:8080/');
  return 0;
}

export async function ps(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('ps', argv, {
    values: ['--filter', '--format', '--last'],
    bools: ['--all', '--quiet', '--no-trunc', '--latest', '--size'],
    aliases: {
      '-a': '--all',
      '-q': '--quiet',
      '-f': '--filter',
      '-n': '--last',
      '-l': '--latest',
      '-s': '--size',
    },
  });
  const state = load(ctx.stateDir);
  const shown = state.docker.containers.filter((c) => args.options.has('--all') || isRunning(c));
  if (args.options.has('--quiet')) {
    for (const c of shown) out.out(c.id.slice(0, 12));
    return 0;
  }
  const rows = [...shown].reverse().map((c) => containerRow(c, ctx.now, args.options.has('--no-trunc')));
  const lines = formatRows(
    opt(args, '--format'),
    rows,
    CONTAINER_HEADERS,
    CONTAINER_COLUMNS,
    '*formatter.ContainerContext',
  );
  for (const line of lines) out.out(line);
  return 0;
}
