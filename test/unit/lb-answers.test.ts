import { describe, expect, it } from 'vitest';
import {
  lbAnswerVerdict,
  serviceLoadBalancer,
} from '../../src/evidence/checkpoints/manifests/cp6-load-balancer.js';
import type { ProbeReport } from '../../src/evidence/index.js';
import { findServiceLb, noAnswerMessage } from '../../src/runners/recipes/expose/octavia-lb.js';
import { probeFields } from '../../src/runners/recipes/lb-probe.js';
import type { LoadBalancer } from '../../src/runners/tools/openstack/index.js';
import { admits } from '../../src/sim/cloud/openstack/lb-members.js';

const lb = (name: string, vip: string): LoadBalancer => ({
  id: `id-${name}`,
  name,
  provisioning: 'ACTIVE',
  operating: 'ONLINE',
  vipAddress: vip,
  pools: [],
  listeners: [],
});

describe('the external IP of a LoadBalancer Service on OpenStack is the floating IP of the VIP', () => {
  // With openstack-integrator `floating-network-id`, status.loadBalancer.ingress[0].ip is the FIP.
  const other = lb('web-lb', '192.169.0.210');
  const mine = lb('a6f1c0de-unnamed', '192.169.0.201');
  const fips = [
    { id: 'f1', address: '172.16.7.250', fixedAddress: '192.169.0.201', port: 'vip-port' },
    { id: 'f2', address: '172.16.7.251', fixedAddress: '192.169.0.210', port: 'vip-port-2' },
  ];

  it('the runner finds the load balancer by its floating IP, not only by its VIP', () => {
    expect(findServiceLb([other, mine], 'hello-node', 'default', '172.16.7.250', fips)).toBe(mine);
    expect(findServiceLb([other, mine], 'hello-node', 'default', '172.16.7.250')).toBeUndefined();
    expect(findServiceLb([other, mine], 'hello-node', 'default', '192.169.0.201')).toBe(mine);
  });

  it('checkpoint 6 finds it by its floating IP too, and judges it by the answers', () => {
    const facts = [
      {
        name: 'web-lb',
        vipAddress: '192.169.0.210',
        floatingIp: '172.16.7.251',
        provisioning: 'ACTIVE',
        operating: 'ONLINE',
      },
      {
        name: 'lb-x',
        vipAddress: '192.169.0.201',
        floatingIp: '172.16.7.250',
        provisioning: 'ACTIVE',
        operating: 'ONLINE',
      },
    ];
    const found = serviceLoadBalancer(facts, '172.16.7.250');
    expect(found?.name).toBe('lb-x');
    // ACTIVE/ONLINE is not enough: half the requests failing fails the criterion, with the remedy.
    const half = lbAnswerVerdict(found!, { requests: 100, failures: 50 });
    expect(half.pass).toBe(false);
    expect(half.measured).toContain('only 50/100 requests answered');
    expect(half.measured).toContain('manage-security-groups=true');
    expect(lbAnswerVerdict(found!, { requests: 100, failures: 0 })).toEqual({
      pass: true,
      measured:
        'lb-x (VIP 192.169.0.201, floating IP 172.16.7.250): ACTIVE/ONLINE; 100/100 requests answered through it',
    });
  });
});

describe('no answers through the load balancer', () => {
  it('names the NodePort, the control plane, the group and both remedies', () => {
    const m = noAnswerMessage({
      detail: '5 of 10 requests got no answer',
      nodePort: 31234,
      group: 'juju-c-m',
      model: 'ctl:k8s',
    });
    expect(m).toContain('NodePort 31234');
    expect(m).toContain('NO_MONITOR');
    expect(m).toContain('control plane');
    expect(m).toContain(
      'openstack security group rule create --ingress --protocol tcp --dst-port 30000:32767 juju-c-m',
    );
    expect(m).toContain('juju config -m ctl:k8s openstack-integrator manage-security-groups=true');
  });

  it('the simulated cloud lets an amphora in by address rules only (Juju’s own-group rules do not count)', () => {
    const rule = {
      id: 'r',
      direction: 'ingress' as const,
      ethertype: 'IPv4' as const,
      protocol: 'tcp',
      remoteIp: '0.0.0.0/0',
    };
    expect(admits({ ...rule, portMin: 30000, portMax: 32767 }, 31234)).toBe(true);
    expect(admits({ ...rule, portMin: 6443, portMax: 6443 }, 31234)).toBe(false);
    expect(admits({ ...rule, portMin: 1, portMax: 65535, remoteIp: null }, 31234)).toBe(false);
    expect(admits({ ...rule, direction: 'egress', portMin: null, portMax: null }, 31234)).toBe(false);
  });
});

describe('/lb probe with failures', () => {
  const report = (failures: number) =>
    ({
      url: 'http://172.16.7.250:8080/',
      requests: 100,
      successes: 100 - failures,
      failures,
      failuresByKind: failures ? { reset: failures } : {},
      distinctHosts: 5,
      histogram: [],
      latencyMs: null,
      requestsPerSecond: 50,
      verdict: { even: true, pValue: null, missingBackends: 0, note: undefined },
    }) as unknown as ProbeReport;

  it('names the NodePort remedy when requests fail, and only then', () => {
    const names = (n: number) => probeFields(report(n)).map((f) => f.name);
    expect(names(0)).not.toContain('if failures persist');
    const hint = probeFields(report(50)).find((f) => f.name === 'if failures persist')?.value;
    expect(hint).toContain('NO_MONITOR');
    expect(hint).toContain('manage-security-groups=true');
  });
});
