import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { load, mutate } from '../state/store.js';
import { dockerArgs } from './parse.js';

/** `docker login/logout/info/version`: the Docker Hub session of the simulated engine. */

const VERSION = '27.3.1';

export async function login(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = dockerArgs('login', argv, {
    values: ['--username', '--password'],
    bools: ['--password-stdin'],
    aliases: { '-u': '--username', '-p': '--password' },
  });
  const user = opt(args, '--username');
  let password = opt(args, '--password');
  if (password !== undefined)
    out.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.');
  if (args.options.has('--password-stdin')) {
    if (password !== undefined)
      throw new CliExit('--password and --password-stdin are mutually exclusive\n', 1);
    if (!user) throw new CliExit('Must provide --username with --password-stdin\n', 1);
    password = (await ctx.readStdin()).replace(/\r?\n$/, '');
  }
  if (!user || password === undefined)
    throw new CliExit('Error: Cannot perform an interactive login from a non TTY device\n', 1);
  mutate(ctx.stateDir, (state) => {
    if (ctx.env.DOCKER_HOST) state.docker.dockerHost = ctx.env.DOCKER_HOST;
    if (!state.docker.hubUsers.includes(user) || password === '') {
      throw new CliExit(
        'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password\n',
        1,
      );
    }
    state.docker.loggedInUser = user;
  });
  out.err('WARNING! Your password will be stored unencrypted in /home/ubuntu/.docker/config.json.');
  out.err('Configure a credential helper to remove this warning. See');
  out.err('https://docs.docker.com/engine/reference/commandline/login/#credentials-store');
  out.err('');
  out.out('Login Succeeded');
  return 0;
}

export async function logout(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  dockerArgs('logout', argv, {});
  const was = mutate(ctx.stateDir, (state) => {
    const user = state.docker.loggedInUser;
    state.docker.loggedInUser = null;
    return user;
  });
  if (!was) out.out('Not logged in to https://index.docker.io/v1/');
  else out.out('Removing login credentials for https://index.docker.io/v1/');
  return 0;
}

export async function version(_ctx: CommandContext, _argv: string[], out: Output): Promise<number> {
  out.stdout += `Client: Docker Engine - Community
 Version:           ${VERSION}
 API version:       1.47
 Go version:        go1.22.7
 Git commit:        ce12230
 Built:             Fri Sep 20 11:41:00 2024
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          ${VERSION}
  API version:      1.47 (minimum version 1.24)
  Go version:       go1.22.7
  Git commit:       41ca978
  Built:            Fri Sep 20 11:41:00 2024
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.22
  GitCommit:        7f7fdf5fed64eb6a7caf99b3e12efcf9d60e311c
 runc:
  Version:          1.1.14
  GitCommit:        v1.1.14-0-g2c9f560
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
`;
  return 0;
}

export async function info(ctx: CommandContext, _argv: string[], out: Output): Promise<number> {
  const state = load(ctx.stateDir);
  out.out('Client: Docker Engine - Community');
  out.out(` Version:    ${VERSION}`);
  out.out(' Context:    default');
  out.out(' Debug Mode: false');
  out.out('');
  out.out('Server:');
  out.out(` Containers: ${state.docker.containers.length}`);
  out.out(`  Running: ${state.docker.containers.length}`);
  out.out(` Server Version: ${VERSION}`);
  out.out(' Storage Driver: overlay2');
  out.out(' Operating System: Ubuntu 22.04.5 LTS');
  out.out(' Architecture: x86_64');
  out.out(' Name: juju-openstack-web-server');
  if (state.docker.loggedInUser) out.out(` Username: ${state.docker.loggedInUser}`);
  out.out(' Registry: https://index.docker.io/v1/');
  return 0;
}
