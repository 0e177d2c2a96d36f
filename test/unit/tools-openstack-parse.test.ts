import { describe, expect, it } from 'vitest';
import { parseOpenrc } from '../../src/runners/tools/openstack/credentials.js';
import { classifyOpenstackError } from '../../src/runners/tools/openstack/errors.js';
import {
  lbProblem,
  lbVerdict,
  parseLoadBalancer,
  parseMember,
} from '../../src/runners/tools/openstack/lb-health.js';
import { parseQuota } from '../../src/runners/tools/openstack/quota.js';
import {
  parseNetworks,
  parseSecurityGroupRules,
  parseSecurityGroups,
  parseShow,
  parseSubnets,
  ruleAllows,
} from '../../src/runners/tools/openstack/rows.js';
import { UserError } from '../../src/shared/errors.js';
import { fixture, fixtureJson, section } from '../support/tools/fixtures.js';

const lines = (t: string) => t.split('\n');

describe('quota show, both client shapes', () => {
  it('legacy flat dict', () => {
    const q = parseQuota(fixtureJson('openstack-quota-show-legacy-dict.json'));
    expect(q).toMatchObject({ cores: 15, instances: 15, ram: 32768, 'secgroup-rules': 100 });
    expect('location' in q).toBe(false);
  });
  it('OSC 6 list of Resource/Limit', () => {
    expect(parseQuota(fixtureJson('openstack-quota-show-osc6-list.json'))).toEqual({
      cores: 26,
      instances: 3,
      ram: 16416,
      volumes: 8,
      snapshots: 16,
      gigabytes: 80,
      backups: 1000,
    });
  });
});

describe('list rows', () => {
  it('security groups', () => {
    const g = parseSecurityGroups(fixtureJson('openstack-security-group-list-osc-legacy.json'));
    expect(g[0]).toEqual({
      id: '00555968-5dad-4544-88c9-91cff2a390e6',
      name: 'default',
      description: 'Default security group',
      project: 'CH-819337',
    });
    expect(g.map((x) => x.name)).toContain('couchdb');
  });
  it('security group rules with old column names', () => {
    const r = parseSecurityGroupRules(fixtureJson('openstack-security-group-rule-list-osc-legacy.json'));
    expect(r[0]).toMatchObject({ protocol: 'tcp', remoteIp: '0.0.0.0/0', ports: { min: 22, max: 22 } });
    expect(r[1]).toMatchObject({ protocol: 'icmp', ports: undefined });
    expect(r[2]).toMatchObject({ protocol: null, remoteIp: null });
    expect(ruleAllows(r, 'tcp', 22)).toBe(true);
    expect(ruleAllows(r, 'tcp', 8080)).toBe(false);
    expect(ruleAllows(r, 'icmp')).toBe(true);
  });
  it('networks and subnets', () => {
    expect(parseNetworks(fixtureJson('openstack-network-list.json'))[0]).toEqual({
      id: '17d7e5a9-275f-4af2-b2f1-92cbee5933ed',
      name: 'vpn_net',
      subnets: ['19c7a800-f97a-4f48-ab19-dd3c7a805362'],
    });
    expect(parseSubnets(fixtureJson('openstack-subnet-list.json'))[0]).toMatchObject({
      name: 'ext-sub',
      cidr: '89.208.216.0/24',
    });
  });
  it('show objects keep their fields', () => {
    expect(parseShow(fixtureJson('openstack-network-show.json'))).toHaveProperty('id');
  });
});

describe('load balancer health', () => {
  const lb = parseLoadBalancer(parseShow(fixtureJson('openstack-loadbalancer-show-operating-error.json')));
  const member = parseMember(parseShow(fixtureJson('openstack-loadbalancer-member-show.json')));
  it('reads the newline-joined pools and listeners', () => {
    expect(lb.pools).toEqual([
      '03dabf47-00e7-401e-92c3-8e36c69f7f7d',
      'b5ed2458-72eb-4ae8-a272-0a4e7155913b',
    ]);
    expect(lb.listeners).toHaveLength(2);
  });
  it('ACTIVE/ERROR is not healthy', () => {
    expect(lbVerdict(lb)).toEqual({ state: 'unhealthy', provisioning: 'ACTIVE', operating: 'ERROR' });
    expect(lbVerdict({ provisioning: 'ACTIVE', operating: 'ONLINE' })).toEqual({ state: 'healthy' });
    expect(lbVerdict({ provisioning: 'PENDING_CREATE', operating: 'OFFLINE' }).state).toBe('pending');
    expect(lbVerdict({ provisioning: 'ERROR', operating: 'ERROR' }).state).toBe('failed');
  });
  it('the failure names the members and the NodePort rule', () => {
    const e = lbProblem(lb, [member]);
    expect(e.code).toBe('LOADBALANCER_UNHEALTHY');
    expect(e.message).toContain('nginx-lb is ACTIVE/ERROR');
    expect(e.message).toContain('10.0.2.5:80 ONLINE');
    expect(e.message).toContain('--dst-port 30000:32767');
  });
  it('the LB list table shows the OCCM-made LB as ACTIVE/ONLINE', () => {
    const row = fixture('openstack-loadbalancer-list-table-occm-devstack.txt')
      .split('\n')
      .find((l) => l.includes('kube_service_'));
    const cells = row?.split('|').map((c) => c.trim()) ?? [];
    expect(lbVerdict({ provisioning: cells[5] ?? '', operating: cells[6] ?? '' })).toEqual({
      state: 'healthy',
    });
  });
});

describe('openstack errors (openstack-errors.txt)', () => {
  const f = 'openstack-errors.txt';
  it('untrusted Vault CA → set OS_CACERT', () => {
    const e = classifyOpenstackError(lines(section(f, '=== openstack CLI against'))) as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.code).toBe('OPENSTACK_TLS_UNTRUSTED');
    expect(e.message).toContain('OS_CACERT');
  });
  it('quota exceeded names the resources and the numbers', () => {
    const e = classifyOpenstackError(
      lines(section(f, '=== Nova quota exceeded (cores + instances)')),
    ) as UserError;
    expect(e.code).toBe('OPENSTACK_QUOTA_EXCEEDED');
    expect(e.message).toContain('cores: requested 4, used 252 of 252');
    expect(e.message).toContain('instances: requested 1, used 63 of 63');
    const e2 = classifyOpenstackError(
      lines(section(f, '=== Nova quota exceeded (server create)')),
    ) as UserError;
    expect(e2.message).toContain('ram: requested 98304, used 0 of 51200');
    const e3 = classifyOpenstackError(lines(section(f, '=== Cinder volume'))) as UserError;
    expect(e3.code).toBe('OPENSTACK_QUOTA_EXCEEDED');
  });
});

describe('openrc', () => {
  // The lines of Horizon's "OpenStack RC File" template (v3), the file the lab downloads.
  const horizon = [
    '#!/usr/bin/env bash',
    'export OS_AUTH_URL=https://172.16.15.10:5000/v3',
    'export OS_PROJECT_NAME="admin"',
    'export OS_USER_DOMAIN_NAME="admin_domain"',
    'if [ -z "$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi',
    'export OS_USERNAME="admin"',
    'echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "',
    'read -sr OS_PASSWORD_INPUT',
    'export OS_PASSWORD=$OS_PASSWORD_INPUT',
    'export OS_REGION_NAME="RegionOne"',
    'export OS_INTERFACE=public',
    'export OS_IDENTITY_API_VERSION=3',
  ].join('\n');
  it('takes literal values and leaves the prompted password out', () => {
    const r = parseOpenrc(horizon);
    expect(r.env).toMatchObject({
      OS_AUTH_URL: 'https://172.16.15.10:5000/v3',
      OS_PROJECT_NAME: 'admin',
      OS_USER_DOMAIN_NAME: 'admin_domain',
      OS_IDENTITY_API_VERSION: '3',
    });
    expect(r.unresolved).toEqual(['OS_PASSWORD']);
    expect(parseOpenrc(horizon, { OS_PASSWORD_INPUT: 'pw' }).env.OS_PASSWORD).toBe('pw');
  });
  it('expands defaults and refuses command substitution', () => {
    const r = parseOpenrc(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax under test
      "export OS_AUTH_PROTOCOL=${OS_AUTH_PROTOCOL:-https}\nexport OS_X=$(juju run x)\nexport OS_Y='$literal'",
    );
    expect(r.env).toEqual({ OS_AUTH_PROTOCOL: 'https', OS_Y: '$literal' });
    expect(r.unresolved).toEqual(['OS_X']);
  });
});
