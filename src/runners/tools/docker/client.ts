import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Codes, UserError } from '../../../shared/errors.js';
import { type Exec, ExecError, type ExecSpec } from '../../../shared/exec.js';
import {
  dockerContainerLineSchema,
  dockerImageLineSchema,
  dockerJsonLines,
} from '../../../tool-output/docker.js';
import { type Applied, done, dryRun } from '../common/applied.js';
import { classifyDockerError } from './errors.js';
import {
  type BuildOutcome,
  BuildScanner,
  type PushOutcome,
  parsePushOutput,
  parseRunOutput,
} from './output-parse.js';

export interface DockerDeps {
  exec: Exec;
  /** e.g. `ssh://ubuntu@<web-server>`, so images are built and run on the lab's web-server. */
  dockerHost?: string;
  /** The Docker Hub user whose namespace images are pushed to. */
  user: string;
  signal?: AbortSignal;
  /** Where the client's config.json lives (default `$DOCKER_CONFIG` or `~/.docker`). */
  configDir?: string;
  timeouts?: Partial<{ query: number; build: number; push: number; run: number }>;
  onLine?: (line: string) => void;
}

export interface ImageRow {
  repository: string;
  tag: string;
  id: string;
  size?: string;
  createdSince?: string;
  /**
   * The repository digest docker recorded for this repository (after a push or a pull), or
   * null when it has none (`<none>`); undefined when docker did not say.
   */
  digest?: string | null;
}

export interface ContainerRow {
  id: string;
  image: string;
  names: string;
  status: string;
  ports?: string;
}

export interface RunOptions {
  name?: string;
  detach?: boolean;
  /** `host:container` pairs, e.g. `8080:8080`. */
  publish?: string[];
  rm?: boolean;
}

export interface Docker {
  readonly user: string;
  /** `<user>/<name>:<tag>`, the reference pushed to Docker Hub. */
  hubRef(name: string, tag: string): string;
  build(tag: string, dir: string): Promise<Applied<BuildOutcome>>;
  tag(src: string, dst: string): Promise<Applied>;
  loginStatus(): Promise<{ loggedIn: boolean; username?: string; source: 'docker-info' | 'config' | 'none' }>;
  push(ref: string): Promise<Applied<PushOutcome>>;
  images(): Promise<ImageRow[]>;
  containers(o?: { all?: boolean }): Promise<ContainerRow[]>;
  run(image: string, o?: RunOptions): Promise<Applied<{ containerId?: string }>>;
}

/** Creates the docker adapter. DOCKER_HOST is passed to every call when configured. */
export function createDocker(deps: DockerDeps): Docker {
  const t = { query: 60_000, build: 20 * 60_000, push: 20 * 60_000, run: 10 * 60_000, ...deps.timeouts };
  const env = deps.dockerHost ? { DOCKER_HOST: deps.dockerHost } : undefined;
  const call = async (args: string[], o: Partial<ExecSpec> & { timeoutMs: number }, ref?: string) => {
    try {
      return await deps.exec({ argv: ['docker', ...args], env, signal: deps.signal, ...o });
    } catch (err) {
      if (err instanceof ExecError) {
        if (err.isCanceled) throw new UserError(Codes.cancelled, 'cancelled', { cause: err });
        if (err.timedOut)
          throw new UserError(Codes.timeout, `\`docker ${args[0]}\` timed out`, { cause: err });
        const c = classifyDockerError(err.tail, ref, deps.user);
        if (c) throw new UserError(c.code, c.message, { cause: err });
      }
      throw err;
    }
  };

  return {
    user: deps.user,
    hubRef: (name, tag) => `${deps.user}/${name}:${tag}`,
    build: async (tag, dir) => {
      // BuildKit writes its progress to stderr, so both streams are scanned as they come.
      const scan = new BuildScanner();
      const r = await call(['build', '-t', tag, dir], {
        timeoutMs: t.build,
        mutates: true,
        onLine: (l) => {
          scan.push(l);
          deps.onLine?.(l);
        },
      }).catch((err: unknown) => {
        if (err instanceof ExecError) {
          const e =
            scan.result().error ??
            err.tail
              .filter((l) => l.trim())
              .slice(-2)
              .join(' | ');
          throw new UserError(Codes.dockerBuildFailed, `docker build of ${tag} failed: ${e}`, {
            cause: err,
          });
        }
        throw err;
      });
      if (r.dryRun) return dryRun(r.argv);
      return done(scan.result());
    },
    tag: async (src, dst) => {
      const r = await call(['tag', src, dst], { timeoutMs: t.query, mutates: true });
      return r.dryRun ? dryRun(r.argv) : done(undefined);
    },
    loginStatus: async () => {
      const info = await call(['info'], { timeoutMs: t.query, capture: 'full' });
      const m = /^\s*Username:\s*(\S+)/m.exec(info.stdout);
      if (m) return { loggedIn: true, username: m[1], source: 'docker-info' as const };
      return fromConfig(deps.configDir);
    },
    push: async (ref) => {
      const r = await call(
        ['push', ref],
        { timeoutMs: t.push, mutates: true, capture: 'full', onLine: deps.onLine },
        ref,
      );
      if (r.dryRun) return dryRun(r.argv);
      const p = parsePushOutput(r.stdout);
      if (p.denied)
        throw classifyDockerError(
          ['denied: requested access to the resource is denied'],
          ref,
          deps.user,
        ) as UserError;
      return done(p);
    },
    images: async () =>
      dockerJsonLines(
        (await call(['images', '--format', '{{json .}}'], { timeoutMs: t.query, capture: 'full' })).stdout,
        dockerImageLineSchema,
      ).map((r) => ({
        repository: r.Repository,
        tag: r.Tag,
        id: r.ID,
        size: r.Size || undefined,
        createdSince: r.CreatedSince || undefined,
        digest: r.Digest === undefined ? undefined : /^sha256:[0-9a-f]{64}$/.test(r.Digest) ? r.Digest : null,
      })),
    containers: async (o) =>
      dockerJsonLines(
        (
          await call(['container', 'ls', ...(o?.all ? ['--all'] : []), '--format', '{{json .}}'], {
            timeoutMs: t.query,
            capture: 'full',
          })
        ).stdout,
        dockerContainerLineSchema,
      ).map((r) => ({
        id: r.ID,
        image: r.Image,
        names: r.Names,
        status: r.Status,
        ports: r.Ports || undefined,
      })),
    run: async (image, o = {}) => {
      const args = ['container', 'run'];
      if (o.detach ?? true) args.push('-d');
      if (o.rm) args.push('--rm');
      if (o.name) args.push('--name', o.name);
      for (const p of o.publish ?? []) args.push('-p', p);
      args.push(image);
      try {
        const r = await call(args, { timeoutMs: t.run, mutates: true, capture: 'full' }, image);
        return r.dryRun ? dryRun(r.argv) : done({ containerId: parseRunOutput(r.stdout).containerId });
      } catch (err) {
        if (
          err instanceof ExecError &&
          o.name &&
          err.tail.some((l) => /Conflict\. The container name .* is already in use/.test(l))
        ) {
          return {
            kind: 'already-exists',
            what: 'container',
            message: `a container named ${o.name} already exists`,
          };
        }
        throw err;
      }
    },
  };
}

/** Docker Hub credentials in the client's config.json (`auths` or a credential helper). */
async function fromConfig(
  configDir?: string,
): Promise<{ loggedIn: boolean; username?: string; source: 'config' | 'none' }> {
  const dir = configDir ?? process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  let cfg: { auths?: Record<string, { auth?: string }>; credsStore?: string };
  try {
    cfg = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  } catch {
    return { loggedIn: false, source: 'none' };
  }
  const hub = Object.entries(cfg.auths ?? {}).find(([k]) =>
    /index\.docker\.io|registry-1\.docker\.io|^docker\.io/.test(k),
  );
  if (!hub) return { loggedIn: false, source: 'none' };
  const auth = hub[1].auth ? Buffer.from(hub[1].auth, 'base64').toString('utf8') : '';
  const username = auth.includes(':') ? auth.split(':')[0] : undefined;
  return { loggedIn: true, username, source: 'config' };
}
