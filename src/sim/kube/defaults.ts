/** Defaulting of specs, as the real API server fills them in on create and update. */
import type { Container, Deployment, KubeObject, PodTemplate, Service } from './types.js';

function defaultContainer(c: Container): void {
  const tag = c.image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(c.image)?.[1] ?? 'latest');
  c.imagePullPolicy ??= tag === 'latest' ? 'Always' : 'IfNotPresent';
  c.resources ??= {};
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

/** Fills the pod spec defaults (restart policy, DNS, scheduler, container fields). */
export function defaultPodSpec(spec: PodTemplate['spec']): void {
  for (const c of spec.containers ?? []) defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
}

/** Deployment defaults: replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 s. */
export function defaultDeployment(d: Deployment): void {
  d.spec ??= {} as Deployment['spec'];
  const s = d.spec;
  s.replicas ??= 1;
  s.strategy ??= { type: 'RollingUpdate' };
  s.strategy.type ??= 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxSurge ??= '25%';
    s.strategy.rollingUpdate.maxUnavailable ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.template ??= { spec: { containers: [] } };
  s.template.metadata ??= {};
  s.template.metadata.creationTimestamp ??= null;
  s.template.spec ??= { containers: [] };
  defaultPodSpec(s.template.spec);
}

/** Pod defaults for pods created directly (not by a ReplicaSet). */
export function defaultPod(p: KubeObject): void {
  p.spec ??= { containers: [] };
  const spec = p.spec as PodTemplate['spec'];
  defaultPodSpec(spec);
  p.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
}

/** Service defaults except the allocated parts (cluster IP, node ports). */
export function defaultService(svc: Service): void {
  svc.spec ??= { type: 'ClusterIP', ports: [] };
  const s = svc.spec;
  s.type ??= 'ClusterIP';
  s.ports ??= [];
  for (const p of s.ports) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
  s.sessionAffinity ??= 'None';
  s.ipFamilies ??= ['IPv4'];
  s.ipFamilyPolicy ??= 'SingleStack';
  s.internalTrafficPolicy ??= 'Cluster';
  const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
  if (external) s.externalTrafficPolicy ??= 'Cluster';
  else {
    delete s.externalTrafficPolicy;
    for (const p of s.ports) delete p.nodePort;
  }
  if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
  else delete s.allocateLoadBalancerNodePorts;
  svc.status ??= { loadBalancer: {} };
  if (s.type !== 'LoadBalancer') svc.status = { loadBalancer: {} };
}
