/**
 * Shape of `<stateDir>/cloud.json`: everything the stand-in `juju`, `openstack` and `docker`
 * commands share. Times are epoch milliseconds; statuses are derived from them when read
 * (see `juju/unit-status.ts`), so no daemon is needed to make the lab converge.
 */

import type { VaultState } from '../vault/types.js';

/** Juju controller generation being imitated; it decides CLI syntax and output shapes. */
export type JujuMode = '3.6' | '2.9';

export interface CloudState {
  schema: 1;
  createdAt: number;
  juju: JujuState;
  openstack: OpenStackState;
  docker: DockerState;
  /** The Vault server of the `vault` charm (absent until first used; see vault/state.ts). */
  vault?: VaultState;
}

export interface JujuState {
  mode: JujuMode;
  clouds: Record<string, { type: string; endpoint?: string; region?: string }>;
  credentials: Record<string, string[]>;
  controllers: Record<string, ControllerState>;
  /** `controller:model` (short model name, no owner). */
  current: string;
  opSeq: number;
}

export interface ControllerState {
  cloud: string;
  region: string;
  /** models by short name */
  models: Record<string, ModelState>;
  currentModel: string;
}

export interface ModelState {
  name: string;
  uuid: string;
  cloud: string;
  region: string;
  createdAt: number;
  /** which address pool new machines draw from */
  kind: 'maas' | 'openstack';
  machines: Record<string, MachineState>;
  applications: Record<string, AppState>;
  relations: RelationState[];
  nextMachine: number;
  nextAddress: number;
}

export interface MachineState {
  id: string;
  hostname: string;
  instanceId: string;
  address: string;
  /** e.g. `22.04` */
  base: string;
  createdAt: number;
  kind: 'metal' | 'lxd' | 'nova';
  constraints: string;
  hardware: string;
  nextContainer: number;
}

export interface UnitState {
  /** unit number */
  n: number;
  machine: string;
  createdAt: number;
  ports: string[];
}

export interface AppState {
  name: string;
  charm: string;
  channel: string;
  rev: number;
  base: string;
  createdAt: number;
  exposed: boolean;
  trust: boolean;
  config: Record<string, string>;
  units: UnitState[];
  nextUnit: number;
  /** charm-side facts set by actions (vault authorised, octavia resources created, …) */
  flags: Record<string, boolean>;
  /** last config change or action that changed the charm's status */
  updatedAt?: number;
}

export interface RelationState {
  /** `app:endpoint` of the providing side (or the peer endpoint) */
  provider: string;
  requirer: string;
  interface: string;
  scope: 'global' | 'container';
  kind: 'regular' | 'peer' | 'subordinate';
  createdAt: number;
}

export interface OpenStackState {
  oscVersion?: 'legacy' | 'osc6';
  projects: Array<{ id: string; name: string; domainId: string; domainName: string }>;
  quotas: Record<string, Record<string, number>>;
  networks: NetworkState[];
  subnets: SubnetState[];
  flavors: Array<{ id: string; name: string; ram: number; disk: number; vcpus: number }>;
  images: Array<{ id: string; name: string; status: string; tags: string[]; createdAt: number }>;
  keypairs: Array<{ name: string; fingerprint: string }>;
  securityGroups: SecurityGroupState[];
  servers: ServerState[];
  floatingIps: FloatingIpState[];
  loadbalancers: LoadBalancerState[];
  /** Neutron routers (absent in state files written before routers were simulated). */
  routers?: RouterState[];
  roleAssignments: Array<{ user: string; project: string; role: string }>;
  nextFloating: number;
  nextFixed: number;
  /**
   * The second octet of the 127/8 block that mirrors the lab's floating IP pool (172.16.7.0/23
   * becomes 127.<floatingNet>.7.0/23); 16 when absent. Another value lets several simulated labs
   * serve their web servers on one machine at once.
   */
  floatingNet?: number;
}

export interface NetworkState {
  id: string;
  name: string;
  external: boolean;
  subnetIds: string[];
  projectId: string;
  createdAt: number;
  tags: string[];
}

export interface SubnetState {
  id: string;
  name: string;
  networkId: string;
  cidr: string;
  gateway: string;
  poolStart: string;
  poolEnd: string;
  projectId: string;
}

/** A Neutron router: its gateway on the external network, one interface per internal subnet. */
export interface RouterState {
  id: string;
  name: string;
  projectId: string;
  createdAt: number;
  gateway: { networkId: string; subnetId: string; ip: string } | null;
  interfaces: Array<{ portId: string; subnetId: string; ip: string }>;
}

export interface SecurityGroupRuleState {
  id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  portMin: number | null;
  portMax: number | null;
  remoteIp: string | null;
}

export interface SecurityGroupState {
  id: string;
  name: string;
  description: string;
  projectId: string;
  createdAt: number;
  rules: SecurityGroupRuleState[];
  tags: string[];
}

export interface ServerState {
  id: string;
  name: string;
  createdAt: number;
  flavorId: string;
  imageId: string;
  networkId: string;
  fixedIp: string;
  keyName: string | null;
  securityGroups: string[];
  userData: string | null;
  projectId: string;
  deleted?: boolean;
}

export interface FloatingIpState {
  id: string;
  address: string;
  networkId: string;
  serverId: string | null;
  fixedIp: string | null;
  createdAt: number;
  projectId: string;
}

export interface LoadBalancerState {
  id: string;
  name: string;
  vipAddress: string;
  vipSubnetId: string;
  vipNetworkId: string;
  vipPortId: string;
  projectId: string;
  createdAt: number;
  description: string;
  /** when set, the LB reports operating_status ERROR once active (members down) */
  operatingError?: boolean;
  /** a Kubernetes Service's NodePorts: one pool each, with every cluster node as a member */
  nodePorts?: number[];
  tags: string[];
}

export interface DockerState {
  /** Docker Hub accounts that exist in the simulation */
  hubUsers: string[];
  loggedInUser: string | null;
  dockerHost: string | null;
  registry: Record<string, { digest: string; size: number; pushedAt: number }>;
  containers: ContainerState[];
}

export interface ContainerState {
  id: string;
  name: string;
  image: string;
  command: string;
  createdAt: number;
  ports: Array<{ host: number; container: number }>;
  /** The DOCKER_HOST of the `docker run` (e.g. `ssh://ubuntu@<web server>`); null for the local engine. */
  dockerHost?: string | null;
  /** `running` unless stopped or never started (older state files: running). */
  state?: 'created' | 'running' | 'exited';
  /** When it stopped (`docker stop`). */
  finishedAt?: number;
}

/** A locally built or pulled image (`<stateDir>/docker/images.json`). */
export interface LocalImage {
  id: string;
  repo: string;
  tag: string;
  createdAt: number;
  size: string;
  /** directory holding the build context (under `<stateDir>/docker/contexts/`) */
  contextDir: string;
}
