/**
 * Who an Octavia load balancer of a Kubernetes Service reaches. cloud-provider-openstack 1.28
 * makes every node a pool member on the Service's NodePort (`pkg/openstack/loadbalancer.go`),
 * so with charmed-kubernetes both the workers and the control plane (which runs kube-proxy too)
 * are members. It creates a health monitor only with `create-monitor = true` in its cloud
 * config, which charm-openstack-integrator 1.28 never writes (config.yaml has no such option):
 * members stay NO_MONITOR and Octavia keeps sending to members that do not answer.
 *
 * A member answers on the NodePort only when a security group of its machine lets the amphora
 * in: Juju's groups (provider/openstack: `juju-<controller>-<model>` for the model, with
 * `-<machine>` per machine, where `open-port` of an exposed application lands), or the groups
 * the cloud provider manages itself with openstack-integrator `manage-security-groups=true`.
 */
import { createHash } from 'node:crypto';
import { defaultEgress } from '../presets/openstack-cloud.js';
import { readState } from '../state/store.js';
import type { CloudState, ModelState, SecurityGroupRuleState, SecurityGroupState } from '../state/types.js';

/** One pool member: a machine of the cluster and whether the NodePort is open to the amphorae. */
export interface LbMemberView {
  machine: string;
  /** The node's name (the machine's host name), which cloud-provider-openstack gives the member. */
  hostname: string;
  address: string;
  /** The Kubernetes charm of the machine (kubernetes-worker, kubernetes-control-plane). */
  role: string;
  open: boolean;
}

const NODE_CHARMS = ['kubernetes-control-plane', 'kubernetes-worker'];

/** A stable UUID for a controller the simulated state names only. */
function controllerUuid(name: string): string {
  const h = createHash('sha1').update(`controller:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Juju's security group names of a model (`juju-<controller uuid>-<model uuid>`) and of its machines. */
export function jujuGroupName(controller: string, model: ModelState, machine?: string): string {
  const base = `juju-${controllerUuid(controller)}-${model.uuid}`;
  return machine === undefined ? base : `${base}-${machine}`;
}

/** The model that runs the Kubernetes cluster on the cloud, with its controller's name. */
export function clusterModel(state: CloudState): { controller: string; model: ModelState } | undefined {
  for (const [controller, ctrl] of Object.entries(state.juju.controllers))
    for (const model of Object.values(ctrl.models))
      if (
        model.kind === 'openstack' &&
        Object.values(model.applications).some((a) => a.charm === 'kubernetes-worker')
      )
        return { controller, model };
  return undefined;
}

/** The rules Juju gives a model group: SSH from anywhere, everything from the group's own members (remote group, no address). */
function modelGroupRules(): SecurityGroupRuleState[] {
  const rule = (p: Partial<SecurityGroupRuleState>): SecurityGroupRuleState => ({
    id: createHash('sha1').update(JSON.stringify(p)).digest('hex').slice(0, 32),
    direction: 'ingress',
    ethertype: 'IPv4',
    protocol: 'tcp',
    portMin: null,
    portMax: null,
    remoteIp: null,
    ...p,
  });
  return [
    rule({ portMin: 22, portMax: 22, remoteIp: '0.0.0.0/0' }),
    rule({ portMin: 22, portMax: 22, remoteIp: '::/0', ethertype: 'IPv6' }),
    rule({ portMin: 1, portMax: 65535 }),
    rule({ protocol: 'udp', portMin: 1, portMax: 65535 }),
    rule({ protocol: 'icmp' }),
    ...defaultEgress(),
  ];
}

/** Creates Juju's groups of the cluster model and its machines when they are missing (as machines are provisioned). */
export function ensureJujuGroups(state: CloudState, now: number): number {
  const found = clusterModel(state);
  if (!found) return 0;
  let added = 0;
  const { controller, model } = found;
  const os = state.openstack;
  const add = (name: string, rules: SecurityGroupRuleState[]) => {
    if (os.securityGroups.some((g) => g.name === name)) return;
    const g: SecurityGroupState = {
      id: createHash('sha1')
        .update(`sg:${name}`)
        .digest('hex')
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5'),
      name,
      description: `juju group`,
      projectId: os.projects[0]?.id ?? '',
      createdAt: now,
      rules,
      tags: [],
    };
    os.securityGroups.push(g);
    added++;
  };
  add(jujuGroupName(controller, model), modelGroupRules());
  for (const id of Object.keys(model.machines))
    if (!id.includes('/')) add(jujuGroupName(controller, model, id), defaultEgress());
  return added;
}

/** Pure: an ingress rule that lets an outside address (an amphora) reach TCP `port`. */
export function admits(rule: SecurityGroupRuleState, port: number): boolean {
  if (rule.direction !== 'ingress' || rule.remoteIp === null) return false;
  if (rule.protocol !== null && rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  if (rule.portMin === null) return true;
  return rule.portMin <= port && port <= (rule.portMax ?? rule.portMin);
}

/** Pure: whether `port/tcp` (or a range holding it) is in a unit's opened ports. */
function opened(ports: readonly string[], port: number): boolean {
  return ports.some((p) => {
    const m = /^(\d+)(?:-(\d+))?\/tcp$/.exec(p);
    return m ? Number(m[1]) <= port && port <= Number(m[2] ?? m[1]) : false;
  });
}

/** The pool members of a LoadBalancer Service with NodePort `nodePort`, and whether each answers. */
export function lbMembers(state: CloudState, nodePort: number): LbMemberView[] {
  const found = clusterModel(state);
  if (!found) return [];
  const { controller, model } = found;
  const apps = Object.values(model.applications);
  const managed = apps.some(
    (a) => a.charm === 'openstack-integrator' && a.config['manage-security-groups'] === 'true',
  );
  const groups = (machine: string) =>
    state.openstack.securityGroups.filter(
      (g) =>
        g.name === jujuGroupName(controller, model) || g.name === jujuGroupName(controller, model, machine),
    );
  const out: LbMemberView[] = [];
  for (const m of Object.values(model.machines)) {
    const units = apps.flatMap((a) => a.units.filter((u) => u.machine === m.id).map((u) => ({ a, u })));
    const node = units.find(({ a }) => NODE_CHARMS.includes(a.charm));
    if (!node) continue;
    const byJuju = units.some(({ a, u }) => a.exposed && opened(u.ports, nodePort));
    const byRule = groups(m.id).some((g) => g.rules.some((r) => admits(r, nodePort)));
    out.push({
      machine: m.id,
      hostname: m.hostname,
      address: m.address,
      role: node.a.charm,
      open: managed || byJuju || byRule,
    });
  }
  return out;
}

/** Per pool member of the cluster, whether it answers on `nodePort` (empty when there is no cluster on the cloud). */
export function lbMemberGate(stateDir: string, nodePort: number): boolean[] {
  const state = readState(stateDir);
  return state ? lbMembers(state, nodePort).map((m) => m.open) : [];
}
