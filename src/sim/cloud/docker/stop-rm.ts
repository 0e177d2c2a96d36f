import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { mutate } from '../state/store.js';
import type { ContainerState } from '../state/types.js';
import { isRunning } from './engine-host.js';
import { dockerArgs } from './parse.js';

/**
 * `docker stop` and `docker rm [-f]`. The orchestrator ends a container's server once its
 * record is no longer running. The guide's image runs `node server.js` as PID 1, which
 * ignores SIGTERM: Docker kills it after the grace period, so it exits with 137.
 */

const EXIT_AFTER_STOP = 137;

/** Docker finds a container by full or short id prefix, or by name. */
function find(containers: ContainerState[], key: string): ContainerState | undefined {
  return containers.find((c) => c.name === key || c.id === key || (key.length >= 1 && c.id.startsWith(key)));
}

const noSuch = (key: string) => `Error response from daemon: No such container: ${key}`;

export async function stop(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('stop', argv, {
    values: ['--time', '--signal'],
    aliases: { '-t': '--time', '-s': '--signal' },
  });
  if (!args.positionals.length)
    throw new CliExit('docker: "stop" requires at least 1 argument.\nSee \'docker stop --help\'.\n', 1);
  const errors: string[] = [];
  mutate(ctx.stateDir, (s) => {
    for (const key of args.positionals) {
      const c = find(s.docker.containers, key);
      if (!c) {
        errors.push(noSuch(key));
        continue;
      }
      if (isRunning(c)) {
        c.state = 'exited';
        c.finishedAt = ctx.now;
      }
      out.out(key);
    }
  });
  if (errors.length) throw new CliExit(`${errors.join('\n')}\n`, 1);
  return 0;
}

export async function rm(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('rm', argv, {
    bools: ['--force', '--volumes', '--link'],
    aliases: { '-f': '--force', '-v': '--volumes', '-l': '--link' },
  });
  if (!args.positionals.length)
    throw new CliExit('docker: "rm" requires at least 1 argument.\nSee \'docker rm --help\'.\n', 1);
  const force = args.options.has('--force');
  const errors: string[] = [];
  mutate(ctx.stateDir, (s) => {
    for (const key of args.positionals) {
      const c = find(s.docker.containers, key);
      if (!c) {
        errors.push(noSuch(key));
        continue;
      }
      if (isRunning(c) && !force) {
        errors.push(
          `Error response from daemon: cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`,
        );
        continue;
      }
      s.docker.containers.splice(s.docker.containers.indexOf(c), 1);
      out.out(key);
    }
  });
  if (errors.length) throw new CliExit(`${errors.join('\n')}\n`, 1);
  return 0;
}

/** Pure: the STATUS column of `docker ps -a` for a container that is not running. */
export function stoppedStatus(c: ContainerState, ago: (ms: number) => string, now: number): string {
  if (c.state === 'created') return 'Created';
  return `Exited (${EXIT_AFTER_STOP}) ${ago(now - (c.finishedAt ?? c.createdAt))}`;
}
