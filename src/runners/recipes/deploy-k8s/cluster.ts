import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JobData } from '../../../jobs/definitions.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { withHomeFiles } from '../../tools/common/home-files.js';
import { evaluateTargets } from '../../tools/juju/wait-for.js';
import { internalNetwork } from '../webserver/instance.js';
import { missingFromBundle, shippedBundleShape } from './bundle-check.js';
import { controllerOf, k8sModelName, modelComesFromDryRun } from './controller.js';
import { k8sAsset } from './files.js';

type D = JobData<'deploy-k8s'>;

/** What the cluster's steps hand on: the integrator settings the check computed. */
export interface ClusterState {
  integrator?: Awaited<ReturnType<typeof integratorValues>>;
}

const k8s = (ctx: RecipeContext) => ctx.tools.juju.inModel(`${controllerOf(ctx)}:${k8sModelName(ctx)}`);
const TARGETS = {
  'kubernetes-control-plane': 'active',
  'kubernetes-worker': 'active',
  etcd: 'active',
  easyrsa: 'active',
  'openstack-integrator': 'active',
} as const;

/** The course's kubernetes-core bundle with the openstack-integrator overlay, `--trust` for the integrator's credentials. */
export const bundle: Step<D> = {
  name: 'kubernetes-core bundle + openstack-integrator overlay',
  check: async (_d, ctx) => {
    if (await modelComesFromDryRun(ctx)) return false;
    const missing = missingFromBundle(await k8s(ctx).status(), shippedBundleShape());
    if (missing.length === 0)
      return 'every application and relation of kubernetes-core and the overlay is there';
    ctx.say(`the model lacks ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`);
    return false;
  },
  apply: async (_d, ctx) => {
    // Copied under $HOME: the juju 3 snap cannot read labops's own install directory.
    const names = ['kubernetes-core-bundle.yaml', 'openstack-overlay.yaml'];
    const files = Object.fromEntries(names.map((n) => [n, readFileSync(k8sAsset(n), 'utf8')]));
    await withHomeFiles(ctx.env, 'k8s-bundle', files, (p) =>
      k8s(ctx).deploy(p['kubernetes-core-bundle.yaml'] as string, {
        overlay: p['openstack-overlay.yaml'] as string,
        trust: true,
      }),
    );
    return 'bundle deployed';
  },
  timeoutMs: 10 * 60_000,
};

/** `juju config openstack-integrator subnet-id=… floating-network-id=…`, so Services of type LoadBalancer get a VIP and a floating IP. */
export const integratorConfig: Step<D, ClusterState> = {
  name: 'openstack-integrator subnet-id and floating-network-id',
  check: async (_d, ctx) => {
    const want = await integratorValues(ctx);
    ctx.state.integrator = want;
    for (const [k, v] of Object.entries(want))
      if (
        (await k8s(ctx)
          .getConfig('openstack-integrator', k)
          .catch(() => '')) !== v
      )
        return false;
    return `subnet-id ${want['subnet-id']}, floating-network-id ${want['floating-network-id']}`;
  },
  apply: async (_d, ctx) => {
    await k8s(ctx).config('openstack-integrator', ctx.state.integrator ?? (await integratorValues(ctx)));
    return 'openstack-integrator configured';
  },
  timeoutMs: 3 * 60_000,
};

async function integratorValues(ctx: RecipeContext): Promise<Record<string, string>> {
  const os = ctx.tools.openstack;
  const netName = await internalNetwork(ctx);
  const nets = await os.networkList();
  const net = nets.find((n) => n.name === netName || n.id === netName);
  const subnet = (await os.subnetList()).find((s) => s.network === net?.id);
  const ext = (await os.networkList({ external: true })).find(
    (n) =>
      !ctx.config.LABOPS_OS_EXTERNAL_NETWORK ||
      n.name === ctx.config.LABOPS_OS_EXTERNAL_NETWORK ||
      n.id === ctx.config.LABOPS_OS_EXTERNAL_NETWORK,
  );
  return { 'subnet-id': subnet?.id ?? '', 'floating-network-id': ext?.id ?? '' };
}

/** Waits for the control plane, worker, etcd, easyrsa and the integrator to be active. */
export const unitsActive: Step<D> = {
  name: 'Kubernetes units active',
  check: async (_d, ctx) =>
    !(await modelComesFromDryRun(ctx)) && evaluateTargets(await k8s(ctx).status(), TARGETS).done
      ? 'every Kubernetes unit is active'
      : false,
  apply: async () => undefined,
  wait: async (_d, ctx) => {
    await k8s(ctx).waitFor(TARGETS, {
      timeoutMs: 88 * 60_000,
      intervalMs: 10_000,
      signal: ctx.signal,
      stuckAfterMs: 30 * 60_000,
    });
    return 'every Kubernetes unit is active';
  },
  timeoutMs: 90 * 60_000,
  timeoutHint:
    '`juju status -m k8s`: machines stuck in allocating usually mean image metadata, quota or flavor problems',
};

/** `juju ssh kubernetes-control-plane/leader -- cat config` into the configured kubeconfig, then `kubectl cluster-info`. */
export const kubeconfig: Step<D> = {
  name: 'kubeconfig and cluster-info',
  check: async (_d, ctx) => {
    const path = ctx.tools.kubeconfigPath;
    if (!existsSync(path)) return false;
    const r = await clusterInfo(ctx, path).catch(() => null);
    return r ? `${path}: ${r}` : false;
  },
  apply: async (_d, ctx) => {
    const path = ctx.tools.kubeconfigPath;
    const m = `${controllerOf(ctx)}:${k8sModelName(ctx)}`;
    const r = await ctx.exec({
      argv: ['juju', 'ssh', '-m', m, 'kubernetes-control-plane/leader', '--', 'cat', 'config'],
      timeoutMs: 2 * 60_000,
      mutates: true,
      capture: 'full',
      unredactedCapture: true,
    });
    if (r.dryRun) return undefined;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${r.stdout.trimEnd()}\n`, { mode: 0o600 });
    return `kubeconfig written to ${path}`;
  },
  wait: async (_d, ctx) => clusterInfo(ctx, ctx.tools.kubeconfigPath),
  timeoutMs: 5 * 60_000,
  timeoutHint:
    'the API server did not answer `kubectl cluster-info`: is the control plane active and its address reachable?',
};

async function clusterInfo(ctx: RecipeContext, path: string): Promise<string> {
  const r = await ctx.exec({
    argv: ['kubectl', 'cluster-info'],
    env: { KUBECONFIG: path },
    timeoutMs: 60_000,
    capture: 'full',
  });
  return r.stdout.split('\n').find((l) => /control plane|master/i.test(l)) ?? 'cluster-info answered';
}
