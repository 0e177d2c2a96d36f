import { hexId, uuid } from '../state/ids.js';
import type { OpenStackState, RouterState, SecurityGroupRuleState } from '../state/types.js';

/**
 * The OpenStack resources the lab guide has created by the end of roteiro 3 (LAB.md §2):
 * project admin in domain admin_domain, the external flat network with pool
 * 172.16.7.0–172.16.8.255, the internal 192.169.0.0/24 network, the four flavors, a Jammy
 * image, a keypair, a default security group allowing SSH and ICMP, and the router joining
 * the internal network to the external one.
 */

/** Nova/Cinder/Neutron default quotas, in the key names of `openstack quota show`. */
export const DEFAULT_QUOTAS: Record<string, number> = {
  cores: 20,
  instances: 10,
  ram: 51200,
  'fixed-ips': -1,
  'floating-ips': 50,
  'injected-file-size': 10240,
  'injected-files': 5,
  'injected-path-size': 255,
  'key-pairs': 100,
  properties: 128,
  'server-groups': 10,
  'server-group-members': 10,
  networks: 100,
  ports: 500,
  rbac_policies: 10,
  routers: 10,
  'secgroup-rules': 100,
  secgroups: 10,
  subnet_pools: -1,
  subnets: 100,
  volumes: 10,
  snapshots: 10,
  gigabytes: 1000,
  backups: 10,
  'backup-gigabytes': 1000,
  'per-volume-gigabytes': -1,
  groups: 10,
};

/** The egress rules Neutron adds to every new security group. */
export function defaultEgress(): SecurityGroupRuleState[] {
  return (['IPv4', 'IPv6'] as const).map((ethertype) => ({
    id: uuid(),
    direction: 'egress',
    ethertype,
    protocol: null,
    portMin: null,
    portMax: null,
    remoteIp: null,
  }));
}

export function openstackResources(at: number, floatingNet = 16): OpenStackState {
  const admin = { id: hexId(), name: 'admin', domainId: hexId(), domainName: 'admin_domain' };
  const services = { id: hexId(), name: 'services', domainId: hexId(), domainName: 'service_domain' };
  const ext = {
    id: uuid(),
    name: 'ext_net',
    external: true,
    subnetIds: [] as string[],
    projectId: admin.id,
    createdAt: at,
    tags: [],
  };
  const int = {
    id: uuid(),
    name: 'int_net',
    external: false,
    subnetIds: [] as string[],
    projectId: admin.id,
    createdAt: at,
    tags: [],
  };
  const extSub = {
    id: uuid(),
    name: 'ext_subnet',
    networkId: ext.id,
    cidr: '172.16.0.0/20',
    gateway: '172.16.0.1',
    poolStart: '172.16.7.0',
    poolEnd: '172.16.8.255',
    projectId: admin.id,
  };
  const intSub = {
    id: uuid(),
    name: 'int_subnet',
    networkId: int.id,
    cidr: '192.169.0.0/24',
    gateway: '192.169.0.1',
    poolStart: '192.169.0.2',
    poolEnd: '192.169.0.254',
    projectId: admin.id,
  };
  ext.subnetIds.push(extSub.id);
  int.subnetIds.push(intSub.id);
  const flavor = (name: string, vcpus: number, ramGb: number) => ({
    id: uuid(),
    name,
    ram: ramGb * 1024,
    disk: 20,
    vcpus,
  });
  const rule = (protocol: string, port: number | null): SecurityGroupRuleState => ({
    id: uuid(),
    direction: 'ingress',
    ethertype: 'IPv4',
    protocol,
    portMin: port,
    portMax: port,
    remoteIp: '0.0.0.0/0',
  });
  // The guide's router between the two networks. Its gateway takes the first address of the
  // external pool, mirrored into 127/8 like the floating IPs (see `floating ip create`).
  const router: RouterState = {
    id: uuid(),
    name: 'provider-router',
    projectId: admin.id,
    createdAt: at,
    gateway: { networkId: ext.id, subnetId: extSub.id, ip: `127.${floatingNet}.7.0` },
    interfaces: [{ portId: uuid(), subnetId: intSub.id, ip: intSub.gateway }],
  };
  return {
    projects: [admin, services],
    quotas: { [admin.id]: { ...DEFAULT_QUOTAS }, [services.id]: { ...DEFAULT_QUOTAS } },
    networks: [ext, int],
    subnets: [extSub, intSub],
    flavors: [
      flavor('m1.tiny', 1, 1),
      flavor('m1.small', 1, 2),
      flavor('m1.medium', 2, 4),
      flavor('m1.large', 4, 8),
    ],
    images: [{ id: uuid(), name: 'jammy', status: 'active', tags: [], createdAt: at }],
    keypairs: [{ name: 'mykey', fingerprint: hexId(16).match(/../g)?.join(':') ?? '' }],
    securityGroups: [
      {
        id: uuid(),
        name: 'default',
        description: 'Default security group',
        projectId: admin.id,
        createdAt: at,
        rules: [...defaultEgress(), rule('tcp', 22), rule('icmp', null)],
        tags: [],
      },
    ],
    servers: [],
    floatingIps: [],
    loadbalancers: [],
    routers: [router],
    roleAssignments: [],
    nextFloating: 0,
    nextFixed: 10,
    ...(floatingNet === 16 ? {} : { floatingNet }),
  };
}
