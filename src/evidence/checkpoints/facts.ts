import type { DeploymentFacts, ServiceFacts, WebServerFacts } from './lab-port.js';
import { fetchPage, type PageAnswer } from './page-answer.js';
import type { CheckpointRun } from './types.js';

/** The lab's application, as the guide names it. */
export const APP = 'hello-node';

/** Facts read once per checkpoint run and shared by its pictures and criteria. */
export const deploymentOf = (run: CheckpointRun, name = APP): Promise<DeploymentFacts | null> =>
  run.fact(`deployment:${name}`, () => run.lab.deployment(name));

export const serviceOf = (run: CheckpointRun, name = APP): Promise<ServiceFacts | null> =>
  run.fact(`service:${name}`, () => run.lab.service(name));

export const webServerOf = (run: CheckpointRun): Promise<WebServerFacts | null> =>
  run.fact('web-server', () => run.lab.webServer());

export const answerAt = (run: CheckpointRun, url: string): Promise<PageAnswer> =>
  run.fact(`answer:${url}`, () => fetchPage(url, 5_000, run.signal));

/** How hello-node is reached from outside the cluster (checkpoints 4 and 5). */
export interface Exposure {
  via: 'nodeport' | 'ingress';
  /** Where it answered; undefined when nothing answered. */
  url?: string;
  nodePort?: number;
  serviceType?: string;
  /** Workers whose security group does not open the NodePort (Juju `open-port`). */
  closedOn: string[];
  workers: string[];
  ingressHost?: string;
  /** Where the Ingress should answer: its host, on the port its controller published. */
  ingressUrl?: string;
  /** The address the ingress controller wrote in the Ingress status (kubectl's ADDRESS). */
  ingressAddress?: string;
}

/**
 * The service's NodePort (on every worker, opened with Juju's `open-port`) or its Ingress,
 * and the first URL where hello-node answers through it. Throws when it is not exposed.
 */
export function exposureOf(run: CheckpointRun): Promise<Exposure> {
  return run.fact('exposure', async () => {
    const svc = await serviceOf(run);
    if (svc?.nodePort) {
      const workers = await run.lab.workers();
      const port = `${svc.nodePort}/tcp`;
      const addresses = await run.lab.nodeAddresses();
      let url: string | undefined;
      for (const a of addresses) {
        const candidate = `http://${a}:${svc.nodePort}/`;
        if ((await answerAt(run, candidate)).ok) {
          url = candidate;
          break;
        }
      }
      return {
        via: 'nodeport',
        url,
        nodePort: svc.nodePort,
        serviceType: svc.type,
        workers: workers.map((w) => w.name),
        closedOn: workers.filter((w) => !w.openPorts.includes(port)).map((w) => w.name),
      };
    }
    const ing = (await run.lab.ingress(APP)) ?? (await run.lab.ingress(`${APP}-ingress`));
    if (ing?.host) {
      // The port its controller published with the address (80 when it published none).
      const port = ing.ports[0] ?? 80;
      const url = `http://${ing.host}${port === 80 ? '' : `:${port}`}/`;
      return {
        via: 'ingress',
        url: (await answerAt(run, url)).ok ? url : undefined,
        ingressHost: ing.host,
        ingressUrl: url,
        ingressAddress: ing.addresses[0],
        serviceType: svc?.type,
        workers: [],
        closedOn: [],
      };
    }
    throw new Error(
      svc
        ? `service ${APP} is of type ${svc.type} with no NodePort and there is no Ingress (\`/expose nodeport\`)`
        : `${APP} is not exposed: there is no service ${APP} (\`/expose nodeport\`)`,
    );
  });
}

/** The URL where hello-node answers through its NodePort or Ingress, or an error saying why not. */
export async function exposedUrl(run: CheckpointRun): Promise<string> {
  const e = await exposureOf(run);
  if (e.url) return e.url;
  throw new Error(
    e.via === 'nodeport'
      ? `nothing answers on NodePort ${e.nodePort} of the workers${e.closedOn.length ? ` (not opened on ${e.closedOn.join(', ')})` : ''}`
      : `nothing answers through the Ingress at ${e.ingressUrl}${e.ingressAddress ? '' : ' (its ADDRESS is empty: no ingress controller serves it)'}`,
  );
}

/** The LoadBalancer's external URL (checkpoint 6), or an error saying it has none yet. */
export async function externalUrl(run: CheckpointRun): Promise<string> {
  const svc = await serviceOf(run);
  if (!svc) throw new Error(`there is no service ${APP} (\`/expose loadbalancer\`)`);
  if (svc.type !== 'LoadBalancer') throw new Error(`service ${APP} is of type ${svc.type}, not LoadBalancer`);
  if (!svc.externalIp) throw new Error(`service ${APP} has no external IP yet (EXTERNAL-IP <pending>)`);
  return `http://${svc.externalIp}:${svc.port}/`;
}
