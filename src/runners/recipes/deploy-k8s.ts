import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import {
  bundle,
  type ClusterState,
  integratorConfig,
  kubeconfig,
  unitsActive,
} from './deploy-k8s/cluster.js';
import { addModel, bootstrap, controllerOf, k8sModelName } from './deploy-k8s/controller.js';
import { manageSecurityGroups } from './deploy-k8s/integrator.js';

type D = JobData<'deploy-k8s'>;

/** `/deploy k8s` (LAB.md step 6): OpenStack as a Juju cloud, bootstrap, kubernetes-core with the integrator, kubeconfig. */
export const deployK8s = {
  job: 'deploy-k8s',
  requires: ['openstack'],
  steps: [bootstrap, addModel, bundle, integratorConfig, manageSecurityGroups, unitsActive, kubeconfig],
  result: (_d, ctx) => ({
    summary: ctx.dryRun
      ? 'dry run: the commands below would deploy Kubernetes on OpenStack'
      : 'Kubernetes answers on OpenStack',
    fields: [
      { name: 'model', value: `${controllerOf(ctx)}:${k8sModelName(ctx)}` },
      { name: 'kubeconfig', value: ctx.tools.kubeconfigPath },
      { name: 'next', value: '`/deploy hello-node`' },
    ],
  }),
} satisfies Recipe<D, ClusterState>;
