import { CliExit, type CommandContext, type CommandResult, type Output, runCommand } from '../cli/io.js';
import { build } from './build.js';
import { ps, run } from './containers.js';
import { info, login, logout, version } from './login.js';
import { images, push, tag } from './push.js';
import { rm, stop } from './stop-rm.js';

/** The stand-in `docker` command (Docker CLI 27 against a simulated engine and Docker Hub). */

type Handler = (ctx: CommandContext, argv: string[], out: Output) => Promise<number>;

const COMMANDS: Record<string, Handler> = {
  version,
  info,
  build,
  'image build': build,
  'buildx build': build,
  tag,
  'image tag': tag,
  images,
  'image ls': images,
  'image list': images,
  push,
  'image push': push,
  login,
  logout,
  run,
  'container run': run,
  ps,
  'container ls': ps,
  'container list': ps,
  'container ps': ps,
  stop,
  'container stop': stop,
  rm,
  'container rm': rm,
};

/** Runs one `docker` invocation. */
export function main(ctx: CommandContext): Promise<CommandResult> {
  return runCommand(async (out) => {
    const argv = [...ctx.argv];
    while (argv[0] === '-H' || argv[0] === '--host' || argv[0] === '--context' || argv[0] === '-c')
      argv.splice(0, 2);
    const [first, second] = argv;
    if (!first) throw new CliExit('Usage:  docker [OPTIONS] COMMAND\n', 0);
    const two = `${first} ${second ?? ''}`;
    if (COMMANDS[two]) return (COMMANDS[two] as Handler)(ctx, argv.slice(2), out);
    const handler = COMMANDS[first];
    if (!handler) {
      throw new CliExit(`docker: '${first}' is not a docker command.\nSee 'docker --help'\n`, 1);
    }
    return handler(ctx, argv.slice(1), out);
  });
}
