import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenstack } from '../../src/runners/tools/openstack/client.js';
import { type Rule, standIns } from '../support/tools/harness.js';

let env: ReturnType<typeof standIns> | undefined;
afterEach(() => env?.cleanup());

const os = (rules: Rule[], o: { dryRun?: boolean } = {}) => {
  env = standIns({ openstack: rules }, o);
  return createOpenstack({
    exec: env.exec,
    env: { OS_CLOUD: 'insper', OS_CACERT: '/etc/vault-ca.pem' },
    project: 'admin',
  });
};

describe('openstack adapter on the real exec and a stand-in openstack', () => {
  it('reads both quota shapes and always asks for JSON', async () => {
    const a = os([{ match: ['quota', 'show'], fixture: 'openstack-quota-show-legacy-dict.json' }]);
    expect(await a.quotaShow()).toMatchObject({ cores: 15, instances: 15 });
    const b = os([{ match: ['quota', 'show'], fixture: 'openstack-quota-show-osc6-list.json' }]);
    expect(await b.quotaShow('p1')).toMatchObject({ cores: 26, instances: 3 });
    const [call] = env!.calls();
    expect(call?.argv).toEqual(['quota', 'show', 'p1', '-f', 'json']);
    expect(call?.env).toMatchObject({ OS_CLOUD: 'insper', OS_CACERT: '/etc/vault-ca.pem' });
  });

  it('reads credentials from an openrc file', async () => {
    env = standIns(
      { openstack: [{ match: ['network', 'list'], fixture: 'openstack-network-list.json' }] },
      { env: { OS_PASSWORD: 'from-runner' } },
    );
    const rc = path.join(env.home, 'openrc');
    writeFileSync(
      rc,
      'export OS_AUTH_URL=https://172.16.15.10:5000/v3\nexport OS_USERNAME="admin"\nread -sr OS_PASSWORD_INPUT\nexport OS_PASSWORD=$OS_PASSWORD_INPUT\n',
    );
    const o = createOpenstack({
      exec: env.exec,
      env: { openrcPath: rc },
      project: 'admin',
      baseEnv: { OS_PASSWORD: 'from-runner' },
    });
    expect((await o.networkList())[0]?.name).toBe('vpn_net');
    expect(env.calls()[0]?.env).toMatchObject({
      OS_AUTH_URL: 'https://172.16.15.10:5000/v3',
      OS_USERNAME: 'admin',
      OS_PASSWORD: 'from-runner',
    });
  });

  it('an ACTIVE/ERROR load balancer fails with its members and the NodePort rule', async () => {
    const o = os([
      { match: ['loadbalancer', 'show'], fixture: 'openstack-loadbalancer-show-operating-error.json' },
      { match: ['loadbalancer', 'member', 'list'], text: JSON.stringify([]) },
    ]);
    await expect(o.lbHealthy('nginx-lb')).rejects.toMatchObject({
      code: 'LOADBALANCER_UNHEALTHY',
      message: expect.stringContaining('30000:32767'),
    });
    const argvs = env!.calls().map((c) => c.argv);
    expect(argvs).toContainEqual([
      'loadbalancer',
      'member',
      'list',
      '03dabf47-00e7-401e-92c3-8e36c69f7f7d',
      '-f',
      'json',
    ]);
  });

  it('CERTIFICATE_VERIFY_FAILED asks for OS_CACERT', async () => {
    const o = os([
      {
        match: ['service', 'list'],
        fixture: 'openstack-errors.txt',
        section: '=== openstack CLI against',
        stream: 'stderr',
        exit: 1,
      },
    ]);
    await expect(o.serviceList()).rejects.toMatchObject({ code: 'OPENSTACK_TLS_UNTRUSTED' });
  });

  it('quota exceeded on server create is a UserError', async () => {
    const o = os([
      {
        match: ['server', 'create'],
        fixture: 'openstack-errors.txt',
        section: '=== Nova quota exceeded (cores + instances)',
        stream: 'stderr',
        exit: 1,
      },
    ]);
    await expect(
      o.serverCreate({
        name: 'juju-openstack-web-server',
        flavor: 'm1.small',
        image: 'jammy',
        network: 'int',
      }),
    ).rejects.toMatchObject({
      code: 'OPENSTACK_QUOTA_EXCEEDED',
    });
  });

  it('security group rules: argv, list parsing, dry-run', async () => {
    const o = os(
      [
        {
          match: ['security', 'group', 'rule', 'list'],
          fixture: 'openstack-security-group-rule-list-osc-legacy.json',
        },
      ],
      { dryRun: true },
    );
    expect(await o.securityGroupRuleCreate('web-server-sg', { protocol: 'tcp', dstPort: 8080 })).toEqual({
      kind: 'dry-run',
      argv: [
        'openstack',
        'security',
        'group',
        'rule',
        'create',
        '--ingress',
        '--protocol',
        'tcp',
        '--dst-port',
        '8080',
        'web-server-sg',
        '-f',
        'json',
      ],
    });
    expect(await o.quotaSet('p1', { cores: 100, instances: 100 })).toMatchObject({
      kind: 'dry-run',
      argv: ['openstack', 'quota', 'set', '--cores', '100', '--instances', '100', 'p1'],
    });
    const rules = await o.securityGroupRuleList('web-server-sg');
    expect(rules).toHaveLength(7);
    expect(env!.calls().map((c) => c.argv.slice(0, 4))).toEqual([['security', 'group', 'rule', 'list']]);
  });
});
