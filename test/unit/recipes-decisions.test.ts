import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseLine } from '../../src/client/parse-line.js';
import { prepareJob } from '../../src/client/prepare.js';
import { commands } from '../../src/commands/index.js';
import { pickVictim } from '../../src/runners/recipes/chaos-delete-pod.js';
import { parseAnswer } from '../../src/runners/recipes/common/http-answer.js';
import { cloudYaml } from '../../src/runners/recipes/deploy-k8s/files.js';
import { opensslPlan } from '../../src/runners/recipes/deploy-octavia/certificates.js';
import {
  gotWorse,
  type Snapshot,
  unhealthyReasons,
} from '../../src/runners/recipes/deploy-octavia/health.js';
import { channelsOf, missingFromStatus, octaviaPlan } from '../../src/runners/recipes/deploy-octavia/plan.js';
import { vaultProblem } from '../../src/runners/recipes/deploy-octavia/vault.js';
import { findServiceLb, modelSecurityGroup } from '../../src/runners/recipes/expose/octavia-lb.js';
import { messageFor } from '../../src/runners/recipes/image/context.js';
import { recipes } from '../../src/runners/recipes/index.js';
import { alreadyRolledBack, ROLLED_BACK } from '../../src/runners/recipes/rollback.js';
import { answersVerdict } from '../../src/runners/recipes/rollout/answers.js';
import { rolloutFailure } from '../../src/runners/recipes/rollout/watch.js';
import { nextStep } from '../../src/runners/recipes/status/next-step.js';
import { inCidr, serverIps } from '../../src/runners/recipes/webserver/floating-ip.js';
import { webServerUserData } from '../../src/runners/recipes/webserver/user-data.js';
import { parseJujuStatus } from '../../src/runners/tools/juju/status-parse.js';
import { parseLoadBalancer } from '../../src/runners/tools/openstack/lb-health.js';
import { readFixture } from '../support/fixtures.js';

const snap = (notReady: Snapshot['notReady'], services = ['keystone', 'nova']): Snapshot => ({
  units: 40,
  notReady,
  services,
});

describe('deploy octavia decisions', () => {
  it('refuses a blocked unit outside the stack, not a sealed vault or the stack itself', () => {
    expect(
      unhealthyReasons(
        snap([
          {
            unit: 'octavia/0',
            workload: 'blocked',
            agent: 'idle',
            message: 'Missing required certificate configuration',
          },
        ]),
      ),
    ).toEqual([]);
    expect(
      unhealthyReasons(
        snap([{ unit: 'vault/0', workload: 'blocked', agent: 'idle', message: 'Unit is sealed' }]),
      ),
    ).toEqual([]);
    expect(
      unhealthyReasons(
        snap([
          { unit: 'ceph-osd/1', workload: 'blocked', agent: 'idle', message: 'Missing relation: monitor' },
        ]),
      ),
    ).toEqual(['ceph-osd/1 is blocked/idle (Missing relation: monitor)']);
    expect(
      unhealthyReasons({ ...snap([]), servicesError: 'keystone (`openstack service list`): HTTP 401' })[0],
    ).toContain('OpenStack does not answer: keystone (`openstack service list`): HTTP 401');
  });

  it('reports what got worse between the snapshots', () => {
    const before = snap([]);
    const after = snap(
      [{ unit: 'nova-compute/0', workload: 'error', agent: 'error', message: 'hook failed' }],
      ['keystone'],
    );
    expect(gotWorse(before, after)).toEqual([
      'nova-compute/0 is now error/error (hook failed)',
      'OpenStack service nova no longer listed',
    ]);
  });

  it('plans only what juju status lacks, with channels read from the cloud', () => {
    const s = parseJujuStatus(readFixture('juju-status-openstack-ussuri-juju3.4.json'));
    const plan = octaviaPlan(channelsOf(s), ['0', '1', '2']);
    expect(plan.apps.find((a) => a.name === 'octavia')).toMatchObject({ to: 'lxd:2' });
    const missing = missingFromStatus(s, plan);
    expect(missing.apps.map((a) => a.name)).toContain('barbican');
    expect(missing.relations).toContainEqual(['octavia:amqp', 'rabbitmq-server:amqp']);
  });

  it('uses separate issuing and controller CAs and never puts the passphrase on argv', () => {
    const argv = opensslPlan().map((a) => a.join(' '));
    expect(argv.filter((a) => a.includes(' -x509 ')).map((a) => /-out (\S+)/.exec(a)?.[1])).toEqual([
      'issuing_ca.pem',
      'controller_ca.pem',
    ]);
    expect(argv.join('\n')).not.toMatch(/pass:/);
  });

  it('reads Vault states from juju status', () => {
    const sealed = parseJujuStatus(readFixture('juju-status-lxd-subordinates-blocked-juju3.6.json'));
    expect(['sealed', 'missing', undefined]).toContain(vaultProblem(sealed.units));
    expect(
      vaultProblem([
        {
          name: 'vault/0',
          application: 'vault',
          workload: 'blocked',
          message: 'Unit is sealed',
          agent: 'idle',
          leader: true,
          subordinate: false,
        },
      ]),
    ).toBe('sealed');
  });
});

describe('kubernetes decisions', () => {
  it('rolls back on a missed deadline at once, on pull errors only after they persist', () => {
    const pull = [
      {
        pod: 'p',
        container: 'hello-node',
        image: 'u/hello-node:v9',
        reason: 'ImagePullBackOff',
        restarts: 0,
      },
    ];
    expect(rolloutFailure({ state: 'progressing', message: '' }, pull, 1_000)).toBeUndefined();
    expect(rolloutFailure({ state: 'progressing', message: '' }, pull, 30_000)?.reason).toBe('image-pull');
    expect(
      rolloutFailure(
        { state: 'failed', message: 'deployment "hello-node" exceeded its progress deadline' },
        [],
        0,
      )?.reason,
    ).toBe('deadline');
  });

  it('compares answers before and after', () => {
    expect(answersVerdict(['Hello World!'], ['Hello World v2!', 'Hello World v2!']).text).toBe(
      'answers changed from "Hello World!" to "Hello World v2!"',
    );
    expect(answersVerdict(['Hello World!'], ['Hello World!', 'Hello World v2!']).settled).toBe(false);
    expect(parseAnswer('{ "host": hello-node-5f6d-abcde, "message": "Hello World!"}')).toEqual({
      host: 'hello-node-5f6d-abcde',
      message: 'Hello World!',
    });
  });

  it('knows a rollback already happened only at the revision it produced', () => {
    const d = (rev: string, marked?: string) => ({
      metadata: {
        annotations: {
          'deployment.kubernetes.io/revision': rev,
          ...(marked ? { [ROLLED_BACK]: marked } : {}),
        },
      },
    });
    expect(alreadyRolledBack(d('3', '3'))).toBe(true);
    expect(alreadyRolledBack(d('4', '3'))).toBe(false);
    expect(alreadyRolledBack(d('2'))).toBe(false);
  });

  it('picks a Ready pod, or the named one when it exists', () => {
    const pod = (name: string, ready: boolean) => ({
      metadata: { name },
      status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const pods = [pod('a', false), pod('b', true), pod('c', true)];
    expect(pickVictim(pods, undefined, 0)).toBe('b');
    expect(pickVictim(pods, undefined, 0.99)).toBe('c');
    expect(pickVictim(pods, 'a', 0.5)).toBe('a');
    expect(pickVictim(pods, 'zz', 0.5)).toBeUndefined();
  });

  it('finds the Octavia LB of a service and the Juju model group', () => {
    const lb = parseLoadBalancer(JSON.parse(readFixture('openstack-loadbalancer-show-operating-error.json')));
    expect(
      findServiceLb(
        [{ ...lb, name: 'kube_service_kubernetes-x_default_hello-node' }],
        'hello-node',
        'default',
      ),
    ).toBeDefined();
    expect(findServiceLb([lb], 'hello-node', 'default', lb.vipAddress)).toBe(lb);
    expect(modelSecurityGroup([{ name: 'juju-abc-def-0' }, { name: 'juju-abc-def' }], 'def')).toBe(
      'juju-abc-def',
    );
  });
});

describe('web server, images and status', () => {
  it('finds the floating IP among the addresses', () => {
    const ips = serverIps({ int_net: ['192.169.0.37', '172.16.7.203'] });
    expect(ips.filter((ip) => inCidr(ip, '172.16.0.0/20'))).toEqual(['172.16.7.203']);
    expect(serverIps('int_net=192.169.0.37, 172.16.7.203')).toHaveLength(2);
  });

  it('writes cloud-init that runs the guide server on 8080', () => {
    const ud = webServerUserData('www.listen(8080);\n');
    expect(ud).toMatch(/^#cloud-config\n/);
    expect(ud).toContain('      www.listen(8080);');
    expect(ud).toContain('systemctl enable --now hello-node.service');
  });

  it('gives every tag but v1 its own message', () => {
    expect(messageFor('v1')).toBe('Hello World!');
    expect(messageFor('v2')).toBe('Hello World v2!');
  });

  it('names the next step from what is deployed', () => {
    expect(nextStep({ octaviaActive: false, webServer: false, k8sDeployed: false })).toContain(
      '/deploy octavia',
    );
    expect(
      nextStep({
        octaviaActive: true,
        webServer: true,
        k8sDeployed: true,
        helloNode: { replicas: 5, ready: 5, image: 'u/hello-node:v1' },
        serviceType: 'LoadBalancer',
      }),
    ).toContain('/rollout v2');
  });
});

describe('commands', () => {
  it('has one recipe per job a command enqueues, and unique names', () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    for (const line of [
      '/deploy octavia',
      '/deploy hello-node v2',
      '/quota',
      '/image build v1',
      '/image push v2',
      '/scale hello-node 5',
      '/expose loadbalancer',
      '/rollout v2',
      '/rollback',
      '/chaos delete-pod',
      '/status',
    ]) {
      const p = parseLine(line);
      const job = prepareJob(p.command, p.options);
      expect(recipes[job.name], line).toBeDefined();
    }
  });

  it('refuses bad values naming the rule', () => {
    const bad = (line: string) => () => {
      const p = parseLine(line);
      prepareJob(p.command, p.options);
    };
    expect(bad('/scale hello-node 21')).toThrow(/at most 20/);
    expect(bad('/scale Hello_Node 2')).toThrow(/RFC 1123/);
    expect(bad('/rollout .v2')).toThrow(/Docker tag/);
    expect(bad('/deploy webserver v2')).toThrow(/tag only applies/);
    expect(prepareJob(parseLine('/quota').command, {}).data).toMatchObject({ cores: 100, instances: 100 });
  });
});

describe('deploy k8s: the OpenStack cloud given to juju', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  it('carries the Vault CA of OS_CACERT as ca-certificates, and nothing when there is none', () => {
    const withCa = parseYaml(cloudYaml('insper-openstack', 'https://10.0.0.5:5000/v3', 'RegionOne', pem));
    expect(withCa.clouds['insper-openstack']).toEqual({
      type: 'openstack',
      'auth-types': ['userpass'],
      regions: { RegionOne: { endpoint: 'https://10.0.0.5:5000/v3' } },
      'ca-certificates': [pem],
    });
    const without = parseYaml(cloudYaml('insper-openstack', 'https://10.0.0.5:5000/v3', 'RegionOne'));
    expect(without.clouds['insper-openstack']).not.toHaveProperty('ca-certificates');
  });
});
