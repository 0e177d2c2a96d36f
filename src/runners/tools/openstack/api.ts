import type { Applied } from '../common/applied.js';
import type { LbMember, LoadBalancer } from './lb-health.js';
import type { Quota } from './quota.js';
import type { Router } from './routers.js';
import type {
  FloatingIp,
  NamedRow,
  Network,
  RoleAssignment,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
} from './rows.js';

/** What the runner asks of the openstack CLI: one method per command it runs. */

export interface ServerCreate {
  name: string;
  flavor: string;
  image: string;
  network: string;
  keyName?: string;
  securityGroups?: string[];
  /** A cloud-init file given to the instance (`--user-data FILE`). */
  userDataFile?: string;
  /** Wait until ACTIVE (`--wait`). */
  wait?: boolean;
}

export interface RuleCreate {
  protocol: 'tcp' | 'udp' | 'icmp';
  /** A port or `from:to` range. */
  dstPort?: number | string;
  remoteIp?: string;
  direction?: 'ingress' | 'egress';
}

export interface Openstack {
  quotaShow(project?: string): Promise<Quota>;
  quotaSet(project: string, q: { cores?: number; instances?: number; ram?: number }): Promise<Applied>;
  projectId(name: string, domain: string): Promise<string>;
  serverShow(name: string): Promise<Record<string, unknown> | null>;
  serverList(): Promise<NamedRow[]>;
  serverCreate(s: ServerCreate): Promise<Applied<Record<string, unknown>>>;
  serverAddFloatingIp(server: string, ip: string): Promise<Applied>;
  securityGroupCreate(name: string, description?: string): Promise<Applied<SecurityGroup>>;
  securityGroupList(): Promise<SecurityGroup[]>;
  securityGroupRuleCreate(group: string, rule: RuleCreate): Promise<Applied<{ id: string }>>;
  securityGroupRuleList(group: string): Promise<SecurityGroupRule[]>;
  floatingIpCreate(network: string): Promise<Applied<{ address: string; id: string }>>;
  /** `openstack floating ip list`: every floating IP of the project and the fixed IP it maps to. */
  floatingIpList(): Promise<FloatingIp[]>;
  networkList(o?: { external?: boolean }): Promise<Network[]>;
  subnetList(): Promise<Subnet[]>;
  /** `openstack router list`: the project's routers (id and name). */
  routerList(): Promise<NamedRow[]>;
  /** `openstack router show`: gateway and interfaces, or null when there is no such router. */
  routerShow(idOrName: string): Promise<Router | null>;
  imageList(o?: { tag?: string }): Promise<NamedRow[]>;
  roleAdd(a: {
    role: string;
    user: string;
    userDomain?: string;
    project: string;
    projectDomain?: string;
  }): Promise<Applied>;
  /** `openstack role assignment list --names` for a user on a project (empty when none). */
  roleAssignmentList(a: {
    user: string;
    userDomain?: string;
    project: string;
    projectDomain?: string;
  }): Promise<RoleAssignment[]>;
  serviceList(): Promise<NamedRow[]>;
  loadbalancerList(): Promise<LoadBalancer[]>;
  loadbalancerShow(idOrName: string): Promise<LoadBalancer | null>;
  memberList(pool: string): Promise<LbMember[]>;
  /**
   * Resolves when the LB is ACTIVE/ONLINE; reports `pending` while Octavia builds it;
   * throws a UserError naming the members' state (and the NodePort rule) for ACTIVE/ERROR.
   */
  lbHealthy(idOrName: string): Promise<{ state: 'healthy' | 'pending'; lb: LoadBalancer }>;
}
