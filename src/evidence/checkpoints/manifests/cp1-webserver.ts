import { horizonTopologyItem, pageItem, terminalItem, topologyItem } from '../collectors.js';
import { answerAt, webServerOf } from '../facts.js';
import type { WebServerFacts } from '../lab-port.js';
import { describeAnswer } from '../page-answer.js';
import type { CheckpointManifest, CheckpointRun } from '../types.js';

const PORT = 8080;

async function mustHaveServer(run: CheckpointRun): Promise<WebServerFacts> {
  const s = await webServerOf(run);
  if (!s) throw new Error('there is no instance juju-openstack-web-server (`/deploy webserver`)');
  return s;
}

async function pageUrl(run: CheckpointRun): Promise<string> {
  const s = await mustHaveServer(run);
  if (!s.floatingIp) throw new Error(`${s.name} has no floating IP`);
  return `http://${s.floatingIp}:${PORT}/`;
}

const opens = (g: WebServerFacts['securityGroups'][number], port: number) =>
  g.tcpPorts.some((r) => r.min <= port && port <= r.max);

/** The group whose rules a student shows: the first non-default one that opens 8080, else the first. */
function shownGroup(s: WebServerFacts): string {
  const own = s.securityGroups.filter((g) => g.name !== 'default');
  return (own.find((g) => opens(g, PORT)) ?? own[0] ?? s.securityGroups[0])?.name ?? 'default';
}

/**
 * CheckPoint-1 WebServer: topology (drawn from the CLI, and Horizon's own page when it is
 * configured), the security group's rules, the page in a browser.
 */
export const checkpoint1: CheckpointManifest = {
  n: 1,
  title: 'web server',
  guideTitle: 'CheckPoint-1 WebServer',
  requires: ['openstack'],
  items: [
    {
      id: 'topology',
      title: 'network topology',
      guide: 'Da aba network topology no OpenStack.',
      ...topologyItem(),
    },
    {
      id: 'horizon-topology',
      title: 'network topology in Horizon',
      guide: 'Da aba network topology no OpenStack.',
      ...horizonTopologyItem(),
    },
    {
      ...terminalItem(async (run) => [
        'openstack',
        'security',
        'group',
        'rule',
        'list',
        shownGroup(await mustHaveServer(run)),
      ]),
      id: 'security-group-rules',
      requires: ['web-server'],
      title: 'rules of the security group',
      guide: 'Das regras do Security Group utilizado.',
    },
    {
      ...pageItem(pageUrl),
      id: 'web-server-page',
      requires: ['web-server'],
      title: 'the web server in a browser',
      guide: 'Da Aba do navegador com o WebServer Rodando.',
    },
  ],
  criteria: [
    {
      id: 'instance-active',
      requires: ['web-server'],
      title: 'instance ACTIVE with a floating IP',
      check: async (run) => {
        const s = await webServerOf(run);
        if (!s) return { pass: false, measured: 'no instance juju-openstack-web-server' };
        return {
          pass: s.status === 'ACTIVE' && Boolean(s.floatingIp),
          measured: `${s.name}: ${s.status}, floating IP ${s.floatingIp ?? 'none'}`,
        };
      },
    },
    {
      id: 'security-group',
      requires: ['web-server'],
      title: 'its security group is not default and allows 8080',
      check: async (run) => {
        const s = await mustHaveServer(run);
        const names = s.securityGroups.map((g) => g.name).join(', ') || 'none';
        const own = s.securityGroups.find((g) => g.name !== 'default' && opens(g, PORT));
        const viaDefault = s.securityGroups.some((g) => g.name === 'default' && opens(g, PORT));
        const measured = own
          ? `tcp ${PORT} allowed by ${own.name} (groups: ${names})`
          : viaDefault
            ? `tcp ${PORT} is opened in default (groups: ${names})`
            : `no group of the instance allows tcp ${PORT} (groups: ${names})`;
        return { pass: Boolean(own) && !viaDefault, measured };
      },
    },
    {
      id: 'page-answers',
      requires: ['web-server'],
      title: 'the page answers',
      check: async (run) => {
        const a = await answerAt(run, await pageUrl(run));
        return { pass: a.ok, measured: describeAnswer(a) };
      },
    },
  ],
};
