/** What the three sides show, as far as the lab's steps are concerned. */
export interface LabFacts {
  octaviaActive: boolean;
  webServer: boolean;
  k8sDeployed: boolean;
  helloNode?: { replicas: number; ready: number; image?: string };
  serviceType?: string;
}

/** Pure: the next step of the guide, given what is deployed. */
export function nextStep(f: LabFacts): string {
  if (!f.octaviaActive) return '`/deploy octavia` (step 2), then `/quota`';
  if (!f.webServer) return '`/deploy webserver` (CheckPoint 1)';
  if (!f.k8sDeployed) return '`/image build v1`, `/image push v1`, then `/deploy k8s`';
  if (!f.helloNode) return '`/deploy hello-node`';
  if (f.helloNode.replicas < 5) return '`/scale hello-node 5`';
  if (f.serviceType !== 'LoadBalancer') return '`/expose loadbalancer` (CheckPoint 6) or `/expose nodeport`';
  if (!/:v2$/.test(f.helloNode.image ?? ''))
    return '`/image build v2`, `/image push v2`, `/rollout v2` (CheckPoint 5)';
  return '`/chaos delete-pod` while probing the load balancer; `/checkpoint`';
}
