import type { DeploymentView } from '../render/deployment.js';
import type { Topology } from '../render/topology-layout.js';

/** The guide's web-server instance as OpenStack describes it. */
export interface WebServerFacts {
  name: string;
  status: string;
  floatingIp?: string;
  /** Security groups of the instance, each with the TCP ports its ingress rules open. */
  securityGroups: { name: string; tcpPorts: { min: number; max: number }[] }[];
}

/** A Docker image or container row, as `docker images` / `docker container ls` list them. */
export interface DockerImageFacts {
  repository: string;
  tag: string;
  id: string;
}
export interface DockerContainerFacts {
  id: string;
  image: string;
  names: string;
  status: string;
  /** e.g. `0.0.0.0:8080->8080/tcp`. */
  ports?: string;
}

/** A Deployment with its pods, plus what a rollout check needs. */
export interface DeploymentFacts extends DeploymentView {
  /** Replicas running the current template (`.status.updatedReplicas`). */
  updated: number;
  /** Names of Ready pods that are not being deleted. */
  readyPods: string[];
}

/** A Service: its type, ports and (for LoadBalancer) the external address. */
export interface ServiceFacts {
  name: string;
  type: string;
  port: number;
  nodePort?: number;
  /** `.status.loadBalancer.ingress[0]` address, when assigned. */
  externalIp?: string;
}

/** An Ingress: its first rule's host and where its controller says it answers. */
export interface IngressFacts {
  name: string;
  host?: string;
  className?: string;
  /** `.status.loadBalancer.ingress[]` addresses (IP or host name) written by the controller. */
  addresses: string[];
  /** Ports published with those addresses (`.ports[].port`); none means the usual 80. */
  ports: number[];
}

/** A kubernetes-worker unit: where NodePorts answer and which ports Juju opened on it. */
export interface WorkerFacts {
  name: string;
  address?: string;
  /** e.g. `30080/tcp`. */
  openPorts: string[];
}

/** An Octavia load balancer. */
export interface LoadBalancerFacts {
  name: string;
  vipAddress?: string;
  /** The floating IP on the VIP (what a Service's EXTERNAL-IP shows with `floating-network-id`). */
  floatingIp?: string;
  provisioning: string;
  operating: string;
}

/**
 * What checkpoint collectors may ask of a team's lab. The runner implements it with its tool
 * adapters (so every command goes through its one subprocess wrapper); the evidence module
 * never reaches for a tool itself. Each method reads, except `deletePod`.
 */
export interface LabPort {
  /** A read-only command of the guide (`kubectl get all`, `docker images`) run on the lab; its output. */
  command(argv: readonly [string, ...string[]]): Promise<string>;
  /** The guide's web-server instance, or null when it does not exist. */
  webServer(): Promise<WebServerFacts | null>;
  /** Networks, routers and instances, for the network topology view. */
  topology(): Promise<Topology>;
  images(): Promise<DockerImageFacts[]>;
  containers(): Promise<DockerContainerFacts[]>;
  /** Host where ports published by `docker run -p` answer. */
  dockerHostAddress(): string;
  deployment(name: string): Promise<DeploymentFacts | null>;
  service(name: string): Promise<ServiceFacts | null>;
  /** The Ingress of that name, or null. */
  ingress(name: string): Promise<IngressFacts | null>;
  workers(): Promise<WorkerFacts[]>;
  /** Addresses of the cluster's nodes (Juju public addresses first), where NodePorts answer. */
  nodeAddresses(): Promise<string[]>;
  loadBalancers(): Promise<LoadBalancerFacts[]>;
  /** Deletes one pod (the resilience check of checkpoint 6). */
  deletePod(name: string): Promise<void>;
}
