import { pageItem, terminalItem } from '../collectors.js';
import { answerAt } from '../facts.js';
import type { DockerContainerFacts, DockerImageFacts } from '../lab-port.js';
import { describeAnswer } from '../page-answer.js';
import type { CheckpointManifest, CheckpointRun } from '../types.js';

const TAG = 'v1';
const isHelloNode = (repository: string) => repository === 'hello-node' || repository.endsWith('/hello-node');
const isImage = (i: DockerImageFacts) => isHelloNode(i.repository) && i.tag === TAG;
/** `labops/hello-node:v1`, `hello-node:v1` or the image id: what `docker container ls` shows in IMAGE. */
const fromImage = (c: DockerContainerFacts, images: DockerImageFacts[]) => {
  const [repo, tag = 'latest'] = c.image.split(/:(?=[^/:]+$)/);
  return (
    (isHelloNode(repo ?? '') && tag === TAG) ||
    images.some((i) => isImage(i) && c.image.startsWith(i.id.slice(0, 12)))
  );
};

/** Pure: the host port of the first `host:port->8080/tcp` mapping of `docker container ls`. */
export function publishedPort(ports: string | undefined): number | undefined {
  const m = /(?:[\d.]+|\[::\]):(\d+)->\d+\/tcp/.exec(ports ?? '');
  return m ? Number(m[1]) : undefined;
}

const images = (run: CheckpointRun) => run.fact('docker-images', () => run.lab.images());
const containers = (run: CheckpointRun) => run.fact('docker-containers', () => run.lab.containers());

async function runningContainer(run: CheckpointRun): Promise<DockerContainerFacts | undefined> {
  const all = await images(run);
  return (await containers(run)).find((c) => /^Up\b/.test(c.status) && fromImage(c, all));
}

/**
 * Its page: the host port `docker container ls` shows the container published, on the Docker
 * host's address. The guide publishes 8080, but on the web server `/deploy webserver`'s own
 * server.js already holds 8080, so `/image run` publishes 8081; any published port is found.
 */
async function pageUrl(run: CheckpointRun): Promise<string> {
  const c = await runningContainer(run);
  if (!c)
    throw new Error(
      `no running container of hello-node:${TAG} (\`/image run ${TAG}\`: docker run -d -p 8081:8080 …)`,
    );
  const port = publishedPort(c.ports);
  if (!port) throw new Error(`container ${c.names} publishes no port (\`docker run -p 8081:8080\`)`);
  return `http://${run.lab.dockerHostAddress()}:${port}/`;
}

/** CheckPoint-2 Docker: the page served by the container, `docker images`, `docker container ls`. */
export const checkpoint2: CheckpointManifest = {
  n: 2,
  title: 'Docker',
  guideTitle: 'CheckPoint-2 Docker',
  requires: ['docker-host'],
  items: [
    {
      id: 'container-page',
      requires: ['image-built'],
      title: 'the container’s page in a browser',
      guide: 'WebServer Rodando no navegador.',
      ...pageItem(pageUrl),
    },
    {
      id: 'docker-images',
      requires: ['docker-host'],
      title: 'docker images',
      guide: 'Saída do comando (docker images ls)',
      ...terminalItem(['docker', 'images']),
    },
    {
      id: 'docker-container-ls',
      requires: ['docker-host'],
      title: 'docker container ls',
      guide: 'Saída do comando (docker container ls)',
      ...terminalItem(['docker', 'container', 'ls']),
    },
  ],
  criteria: [
    {
      id: 'image',
      requires: ['image-built'],
      title: `image hello-node:${TAG} present`,
      check: async (run) => {
        const all = await images(run);
        const found = all.find(isImage);
        return {
          pass: Boolean(found),
          measured: found
            ? `${found.repository}:${found.tag} (${found.id.slice(0, 12)})`
            : `not among ${all.length} image(s): ${all.map((i) => `${i.repository}:${i.tag}`).join(', ') || 'none'}`,
        };
      },
    },
    {
      id: 'container',
      requires: ['image-built'],
      title: `a container from hello-node:${TAG} running`,
      check: async (run) => {
        const c = await runningContainer(run);
        const n = (await containers(run)).length;
        return {
          pass: Boolean(c),
          measured: c
            ? `${c.names} (${c.image}): ${c.status}${c.ports ? `, ${c.ports}` : ''}`
            : `none of ${n} container(s)`,
        };
      },
    },
    {
      id: 'page-answers',
      requires: ['image-built'],
      title: 'its page answers',
      check: async (run) => {
        const a = await answerAt(run, await pageUrl(run));
        return { pass: a.ok, measured: describeAnswer(a) };
      },
    },
  ],
};
