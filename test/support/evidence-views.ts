import type { DeploymentView } from '../../src/evidence/render/deployment.js';
import type { Topology } from '../../src/evidence/render/topology-layout.js';

/** The lab's step-4 network: ext_net, a router, the internal net, and the web-server instance. */
export const LAB_TOPOLOGY: Topology = {
  title: 'kit-b — OpenStack network topology',
  networks: [
    { name: 'ext_net', external: true, cidrs: ['172.16.0.0/20'] },
    { name: 'int_net', cidrs: ['192.169.0.0/24'] },
  ],
  routers: [
    { name: 'router1', externalNetwork: 'ext_net', externalIp: '172.16.7.12', networks: ['int_net'] },
  ],
  servers: [
    {
      name: 'juju-openstack-web-server',
      status: 'ACTIVE',
      addresses: { int_net: ['192.169.0.37', '172.16.7.203'] },
      floatingIps: ['172.16.7.203'],
      securityGroups: ['web-server-sg', 'default'],
    },
    {
      name: 'juju-4f2a1c-k8s-0',
      status: 'ACTIVE',
      addresses: { int_net: ['192.169.0.112', '172.16.8.14'] },
      floatingIps: ['172.16.8.14'],
      securityGroups: ['juju-4f2a1c-k8s', 'juju-4f2a1c-k8s-0'],
    },
    {
      name: 'juju-4f2a1c-k8s-1',
      status: 'BUILD',
      addresses: { int_net: ['192.169.0.113'] },
      floatingIps: [],
      securityGroups: ['juju-4f2a1c-k8s'],
    },
  ],
};

/** hello-node between v1 and v2: three new pods up, two old ones left. */
export const ROLLOUT: DeploymentView = {
  name: 'hello-node',
  namespace: 'default',
  image: 'kitb/hello-node:v2',
  desired: 5,
  ready: 4,
  pods: [
    {
      name: 'hello-node-7c9d5b8f6-2xk4p',
      phase: 'Running',
      ready: true,
      restarts: 0,
      image: 'kitb/hello-node:v2',
    },
    {
      name: 'hello-node-7c9d5b8f6-9qrst',
      phase: 'Running',
      ready: true,
      restarts: 0,
      image: 'kitb/hello-node:v2',
    },
    {
      name: 'hello-node-7c9d5b8f6-m3n7b',
      phase: 'Pending',
      ready: false,
      restarts: 0,
      image: 'kitb/hello-node:v2',
    },
    {
      name: 'hello-node-5f6d8c7b9-abcde',
      phase: 'Running',
      ready: true,
      restarts: 2,
      image: 'kitb/hello-node:v1',
    },
    {
      name: 'hello-node-5f6d8c7b9-fghij',
      phase: 'Running',
      ready: true,
      restarts: 0,
      image: 'kitb/hello-node:v1',
    },
  ],
};
