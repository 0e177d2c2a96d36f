import { deploymentItem, k8sDashboardItem, terminalItem } from '../collectors.js';
import { APP, deploymentOf } from '../facts.js';
import type { CheckpointManifest } from '../types.js';

/** Replicas the guide asks for. */
export const GUIDE_REPLICAS = 5;

/**
 * CheckPoint-3 Dashboard Kubernetes: the deployment with its 5 replicas, drawn from the API
 * and, when it is configured, on the dashboard itself.
 */
export const checkpoint3: CheckpointManifest = {
  n: 3,
  title: 'Kubernetes',
  guideTitle: 'CheckPoint-3 Dashboard Kubernetes',
  requires: ['kubernetes'],
  items: [
    {
      id: 'deployment',
      requires: ['hello-node'],
      title: `${APP} with its replicas (dashboard view)`,
      guide: 'Do dashboard Kubernetes com as 5 replicas',
      ...deploymentItem(APP),
    },
    {
      id: 'dashboard',
      requires: ['hello-node'],
      title: 'the Kubernetes dashboard: deployments in default',
      guide: 'Do dashboard Kubernetes com as 5 replicas',
      ...k8sDashboardItem(),
    },
    {
      id: 'kubectl-get-pods',
      requires: ['hello-node'],
      title: `kubectl get deployment,pods -l app=${APP}`,
      guide: 'Do dashboard Kubernetes com as 5 replicas',
      ...terminalItem(['kubectl', 'get', 'deployment,pods', '-l', `app=${APP}`, '-o', 'wide']),
    },
  ],
  criteria: [
    {
      id: 'replicas',
      requires: ['hello-node'],
      title: `${APP} has ${GUIDE_REPLICAS} ready replicas`,
      check: async (run) => {
        const d = await deploymentOf(run);
        if (!d) return { pass: false, measured: `no deployment ${APP}` };
        return {
          pass: d.ready === GUIDE_REPLICAS && d.desired === GUIDE_REPLICAS,
          measured: `${d.ready} of ${GUIDE_REPLICAS}`,
        };
      },
    },
  ],
};
