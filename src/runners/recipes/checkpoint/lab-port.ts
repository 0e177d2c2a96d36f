import type { LabPort } from '../../../evidence/index.js';
import type { RecipeContext } from '../../context.js';
import { openstackEnv } from '../../tools/openstack/index.js';
import { workerAddresses, workerUnits } from '../common/hello-url.js';
import { kubeChange } from '../common/kube-change.js';
import { ingressFacts } from '../expose/ingress-endpoint.js';
import { deploymentFacts, selectorOf, serviceFacts } from './kube-facts.js';
import { topologyFacts, webServerFacts } from './os-facts.js';

/** Pure: the host of a DOCKER_HOST (`tcp://h:2376`, `ssh://user@h`), where published ports answer. */
export function dockerHostAddress(dockerHost: string | undefined): string {
  if (!dockerHost || dockerHost.startsWith('unix:')) return '127.0.0.1';
  try {
    return new URL(dockerHost).hostname || '127.0.0.1';
  } catch {
    return '127.0.0.1';
  }
}

/**
 * The checkpoint collectors' view of the lab, on the runner's tool adapters: every command
 * through the job's exec (argv only, allow-listed environment, redacted output), the cluster
 * through its kubeconfig.
 */
export function checkpointLab(ctx: RecipeContext): LabPort {
  const tools = () => ctx.tools;
  const envFor = async (tool: string): Promise<Record<string, string> | undefined> => {
    if (tool === 'kubectl') return { KUBECONFIG: tools().kubeconfigPath };
    if (tool === 'openstack')
      return openstackEnv(
        {
          OS_CLOUD: ctx.env.OS_CLOUD || undefined,
          openrcPath: ctx.config.LABOPS_OPENRC,
          OS_CACERT: ctx.env.OS_CACERT || undefined,
        },
        ctx.env,
      );
    return undefined;
  };
  return {
    command: async (argv) => {
      const r = await ctx.exec({ argv, env: await envFor(argv[0]), timeoutMs: 60_000, capture: 'full' });
      return r.stdout.trimEnd() || r.tail.join('\n');
    },
    webServer: () => webServerFacts(ctx),
    topology: () => topologyFacts(ctx),
    images: () => tools().docker.images(),
    containers: () => tools().docker.containers(),
    dockerHostAddress: () => dockerHostAddress(ctx.env.DOCKER_HOST),
    deployment: async (name) => {
      const { kube } = tools();
      const d = await kube.getDeployment(name);
      if (!d) return null;
      return deploymentFacts(d, await kube.listPods(selectorOf(d)), kube.namespace);
    },
    service: async (name) => {
      const svc = await tools().kube.getService(name);
      return svc ? serviceFacts(svc) : null;
    },
    ingress: async (name) => {
      const ing = await tools().kube.getIngress(name);
      return ing ? ingressFacts(ing) : null;
    },
    workers: () => workerUnits(ctx),
    nodeAddresses: () => workerAddresses(ctx),
    loadBalancers: async () => {
      const os = tools().openstack;
      const lbs = await os.loadbalancerList();
      const fips = lbs.length ? await os.floatingIpList().catch(() => []) : [];
      return lbs.map((lb) => ({
        name: lb.name,
        vipAddress: lb.vipAddress,
        floatingIp: fips.find((f) => f.fixedAddress && f.fixedAddress === lb.vipAddress)?.address,
        provisioning: lb.provisioning,
        operating: lb.operating,
      }));
    },
    deletePod: async (name) => {
      await kubeChange(ctx, ['delete', 'pod', name], () => tools().kube.deletePod(name));
    },
  };
}
