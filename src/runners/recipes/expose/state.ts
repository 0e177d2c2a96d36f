import type { WorkerUnit } from '../common/hello-url.js';
import type { IngressEndpoint } from './ingress-endpoint.js';

/** What `/expose`'s steps hand to later steps and to its result (each mode sets its own part). */
export interface ExposeState {
  /** The NodePort of the service (NodePort and LoadBalancer modes). */
  nodePort?: number;
  /** The Kubernetes workers and their open ports, as the NodePort check read them. */
  workers?: WorkerUnit[];
  /** The URL that answered. */
  url?: string;
  /** The LoadBalancer service's external IP. */
  externalIp?: string;
  /** The Octavia load balancer's name. */
  lb?: string;
  /** The last sample of answers, described. */
  sample?: string;
  ingressEndpoint?: IngressEndpoint;
  ingressHost?: string;
  /** The address the ingress answered on. */
  ingressAddress?: string;
  /** Why the ingress did not answer yet. */
  lastAnswer?: string;
}
