import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lbMemberGate } from '../../src/sim/cloud/openstack/lb-members.js';
import { OPENSTACK_CONTROLLER } from '../../src/sim/cloud/presets/k8s-model.js';
import { type KubeLab, startKubeLab } from '../support/kube-lab.js';
import { HELLO_NODE } from './sim-kube-support.js';

// The load balancer judged by answers through it. On the simulated cloud, as with
// cloud-provider-openstack 1.28 and the charm's cloud config (no health monitor): every
// node is a pool member on the Service's NodePort, the control plane included, and a member
// whose security groups do not open that port makes requests fail while Octavia still reads
// ACTIVE/ONLINE (members NO_MONITOR).

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let lab: KubeLab;
const LB = 'kube_service_kubernetes-sim_default_hello-node';
const env = () => ({ LABOPS_SIM_DIR: lab.cloudDir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3' });
const openstack = (args: string[]) => execa(join(BIN, 'openstack'), args, { env: env(), reject: false });
const juju = (args: string[]) => execa(join(BIN, 'juju'), args, { env: env(), reject: false });

beforeAll(async () => {
  lab = await startKubeLab({ 'labops/hello-node:v1': HELLO_NODE }, (cloudDir) => ({
    loadBalancerMembers: (nodePort) => lbMemberGate(cloudDir, nodePort),
  }));
  // A cluster whose integrator does not manage security groups (deployed by hand, not by
  // `/deploy k8s`): only what Juju opened is open.
  const off = await juju([
    'config',
    '-m',
    `${OPENSTACK_CONTROLLER}:k8s`,
    'openstack-integrator',
    'manage-security-groups=false',
  ]);
  expect(off.exitCode, off.stderr).toBe(0);
  // The cloud controller manager's part: an Octavia LB named after the service.
  const lb = await openstack(['loadbalancer', 'create', '--name', LB, '--vip-subnet-id', 'int_subnet']);
  expect(lb.exitCode, lb.stderr).toBe(0);
  const dep = await lab.run('deploy-hello-node', { tag: 'v1' });
  expect(dep.state, dep.failedReason).toBe('completed');
  await lab.run('scale', { deployment: 'hello-node', replicas: 2 });
}, 120_000);

afterAll(async () => {
  await lab?.close();
});

describe('/expose loadbalancer judges the load balancer by its answers', () => {
  it('a NodePort opened on the workers only: Octavia reads ACTIVE/ONLINE, half the requests fail, the remedy is named', async () => {
    const np = await lab.run('expose', { mode: 'nodeport' });
    expect(np.state, np.failedReason).toBe('completed');
    const nodePort = np.result?.fields.find((f) => f.name === 'NodePort')?.value;
    // Juju's groups of the cluster's machines, as `openstack security group list` shows them.
    const groups = (await openstack(['security', 'group', 'list', '-f', 'value', '-c', 'Name'])).stdout;
    const models = JSON.parse(
      (await juju(['models', '-c', OPENSTACK_CONTROLLER, '--format=json'])).stdout,
    ) as { models: { 'short-name': string; 'model-uuid': string }[] };
    const uuid = models.models.find((m) => m['short-name'] === 'k8s')?.['model-uuid'] ?? '?';
    const modelGroup = groups.split('\n').find((g) => g.startsWith('juju-') && g.endsWith(uuid));
    expect(modelGroup).toBeDefined();

    const r = await lab.run('expose', { mode: 'loadbalancer' });
    expect(r.state).toBe('failed');
    expect(r.outcome.state === 'failed' && r.outcome.code).toBe('LOADBALANCER_UNHEALTHY');
    const steps = r.progress.map((p) => JSON.stringify(p)).join('\n');
    expect(steps).toMatch(/kube_service_kubernetes-sim_default_hello-node is ACTIVE\/ONLINE/);
    expect(r.failedReason).toMatch(/of 10 requests through the load balancer .* got no answer/);
    expect(r.failedReason).toContain(`NodePort ${nodePort}`);
    expect(r.failedReason).toContain('the control plane');
    expect(r.failedReason).toContain(
      `openstack security group rule create --ingress --protocol tcp --dst-port 30000:32767 ${modelGroup}`,
    );
    expect(r.failedReason).toContain(
      `juju config -m ${OPENSTACK_CONTROLLER}:k8s openstack-integrator manage-security-groups=true`,
    );

    // Octavia's view meanwhile (the cloud provider's pool on the NodePort): every node a member,
    // the control plane included, all NO_MONITOR, and no health monitor.
    const { mutate } = await import('../../src/sim/cloud/state/store.js');
    mutate(lab.cloudDir, (s) => {
      for (const x of s.openstack.loadbalancers) x.nodePorts = [Number(nodePort)];
    });
    const pools = JSON.parse(
      (await openstack(['loadbalancer', 'pool', 'list', '--loadbalancer', LB, '-f', 'json'])).stdout,
    ) as { id: string; name: string }[];
    expect(pools.map((p) => p.name)).toEqual([`pool_0_${LB}`]);
    const members = JSON.parse(
      (await openstack(['loadbalancer', 'member', 'list', pools[0]?.id ?? '', '-f', 'json'])).stdout,
    ) as { protocol_port: number; operating_status: string }[];
    expect(members.length).toBe(2);
    expect(
      members.every((m) => m.operating_status === 'NO_MONITOR' && m.protocol_port === Number(nodePort)),
    ).toBe(true);
    expect((await openstack(['loadbalancer', 'healthmonitor', 'list', '-f', 'json'])).stdout.trim()).toBe(
      '[]',
    );

    // The first remedy: the range on the group every node shares.
    const rule = await openstack([
      'security',
      'group',
      'rule',
      'create',
      '--ingress',
      '--protocol',
      'tcp',
      '--dst-port',
      '30000:32767',
      modelGroup ?? '',
    ]);
    expect(rule.exitCode, rule.stderr).toBe(0);
    const ok = await lab.run('expose', { mode: 'loadbalancer' });
    expect(ok.state, ok.failedReason).toBe('completed');
    expect(ok.result?.fields.find((f) => f.name === 'sample')?.value).toMatch(/^10\/10 answered from 2 host/);
  }, 180_000);

  it('the other remedy, manage-security-groups=true, opens a NodePort allocated later (ClusterIP patched to LoadBalancer)', async () => {
    // Take the range rule away again, and give the service a new NodePort open nowhere.
    const { readState, mutate } = await import('../../src/sim/cloud/state/store.js');
    mutate(lab.cloudDir, (s) => {
      for (const g of s.openstack.securityGroups)
        g.rules = g.rules.filter((x) => !(x.portMin === 30000 && x.portMax === 32767));
    });
    expect(readState(lab.cloudDir)).not.toBeNull();
    await execa('kubectl', ['delete', 'service', 'hello-node'], {
      env: { KUBECONFIG: lab.sim.kubeconfigPath },
    });
    await execa('kubectl', ['expose', 'deployment', 'hello-node', '--port=8080'], {
      env: { KUBECONFIG: lab.sim.kubeconfigPath },
    });
    const set = await juju([
      'config',
      '-m',
      `${OPENSTACK_CONTROLLER}:k8s`,
      'openstack-integrator',
      'manage-security-groups=true',
    ]);
    expect(set.exitCode, set.stderr).toBe(0);
    const r = await lab.run('expose', { mode: 'loadbalancer' });
    expect(r.state, r.failedReason).toBe('completed');
    expect(r.result?.steps.find((x) => x.name === 'service hello-node (LoadBalancer)')?.message).toMatch(
      /it was ClusterIP, so NodePort \d+ is new/,
    );
    expect(r.result?.fields.find((f) => f.name === 'sample')?.value).toMatch(/^10\/10 answered/);
  }, 120_000);
});
