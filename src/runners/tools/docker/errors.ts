import { Codes, UserError } from '../../../shared/errors.js';

/**
 * The docker failures a student can fix: pushing without `docker login` or to someone
 * else's namespace, pulling an image that is private or misspelt, a daemon that is not
 * reachable (not installed on the web-server, user not in the docker group, ssh failing), a
 * published host port that is already taken.
 */
export function classifyDockerError(
  lines: readonly string[],
  ref?: string,
  user?: string,
): UserError | undefined {
  const text = lines.join('\n');
  const pull =
    /pull access denied for ([^,\s]+), repository does not exist or may require 'docker login'/.exec(text);
  if (pull) {
    return new UserError(
      Codes.dockerDenied,
      `Docker cannot pull ${pull[1]}: it does not exist on Docker Hub or is private. Check the name (push it first, as <user>/<image>:<tag>) or run \`docker login\`.`,
    );
  }
  if (/denied: requested access to the resource is denied/.test(text)) {
    const ns =
      ref?.split('/').length === 1
        ? `${ref} has no namespace, so Docker Hub reads it as library/${ref} (official images only)`
        : undefined;
    return new UserError(
      Codes.dockerDenied,
      `Docker Hub refused the push (\`denied: requested access to the resource is denied\`). ` +
        `${ns ? `${ns}; tag it as ${user ?? '<your Docker Hub user>'}/${ref}. ` : ''}` +
        `Run \`docker login\` as ${user ?? 'your Docker Hub user'} and push to that user's namespace (\`docker tag hello-node:v1 ${user ?? '<user>'}/hello-node:v1\`).`,
    );
  }
  const bind =
    /(?:Bind for [\d.:]+:(\d+) failed: port is already allocated|listen tcp4? [\d.]*:(\d+): bind: address already in use)/.exec(
      text,
    );
  if (bind) {
    const port = bind[1] ?? bind[2];
    return new UserError(
      Codes.dockerPortTaken,
      bind[1]
        ? `Host port ${port} is already published by another container (\`docker container ls\`): stop it (\`docker stop <id>\`) or publish another port (\`-p 8081:8080\`).`
        : `Host port ${port} is already in use on the Docker host (the web server's own server.js listens on 8080): publish another port (\`-p 8081:8080\`).`,
    );
  }
  if (
    /Cannot connect to the Docker daemon|error during connect|permission denied while trying to connect to the Docker daemon/.test(
      text,
    )
  ) {
    const perm = /permission denied while trying to connect/.test(text);
    return new UserError(
      Codes.dockerDaemon,
      perm
        ? 'The user is not allowed to use Docker: `sudo usermod -aG docker $USER` and log in again (or `newgrp docker`).'
        : 'The Docker daemon is not reachable: is Docker installed and running on the web-server, and does DOCKER_HOST (ssh://ubuntu@<web-server>) answer?',
    );
  }
  return undefined;
}
