import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCloud, listServers, resolveImage } from '../../src/sim/cloud/index.js';

// The shims as a runner calls them (execa, no shell; run `npm run build` first): Juju syntax
// errors, Docker Hub login/push, OpenStack quotas and servers, and concurrent updates.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
const HELLO = fileURLToPath(new URL('../../assets/hello-node', import.meta.url));
let dir: string;
let dir29: string;

function tool(
  name: string,
  args: string[],
  opts: { state?: string; env?: Record<string, string>; input?: string } = {},
) {
  return execa(join(BIN, name), args, {
    reject: false,
    input: opts.input,
    env: { LABOPS_SIM_DIR: opts.state ?? dir, OS_AUTH_URL: 'https://172.16.15.113:5000/v3', ...opts.env },
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cloud-cli-'));
  dir29 = mkdtempSync(join(tmpdir(), 'sim-cloud-cli29-'));
  for (const d of [dir, dir29]) writeFileSync(join(d, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
  await initCloud(dir29, 'fresh', { jujuVersion: '2.9' });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dir29, { recursive: true, force: true });
});

describe('juju syntax by version', () => {
  it('3.x rejects the 2.9 forms the course text still uses', async () => {
    const run = await tool('juju', ['run', '--unit', 'kubernetes-worker/0', 'open-port 30000']);
    expect(run).toMatchObject({ exitCode: 2, stderr: 'ERROR option provided but not defined: --unit' });
    const rel = await tool('juju', ['add-relation', 'octavia', 'keystone']);
    expect(rel).toMatchObject({ exitCode: 1, stderr: 'ERROR unrecognized command: juju add-relation' });
    expect((await tool('juju', ['version'])).stdout).toBe('3.6.4-genericlinux-amd64');
  });

  it('2.9 accepts add-relation and run --unit, and rejects integrate', async () => {
    expect((await tool('juju', ['integrate', 'a', 'b'], { state: dir29 })).stderr).toBe(
      'ERROR unrecognized command: juju integrate',
    );
    const rel = await tool('juju', ['add-relation', 'ceph-radosgw:certificates', 'vault:certificates'], {
      state: dir29,
    });
    expect(rel.exitCode, rel.stderr).toBe(0);
    const run = await tool('juju', ['run', '--unit', 'nova-compute/0', 'open-port 30000'], { state: dir29 });
    expect(run.exitCode, run.stderr).toBe(0);
    const doc = JSON.parse(
      (await tool('juju', ['status', '--format=json', 'nova-compute'], { state: dir29 })).stdout,
    );
    expect(doc.model.version).toBe('2.9.42');
    expect(doc.applications['nova-compute'].series).toBe('jammy');
    expect(doc.applications['nova-compute'].units['nova-compute/0']['open-ports']).toEqual(['30000/tcp']);
  });

  it('fails clearly without LABOPS_SIM_DIR', async () => {
    const r = await execa(join(BIN, 'juju'), ['status'], { reject: false, env: { LABOPS_SIM_DIR: '' } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('LABOPS_SIM_DIR is not set');
  });
});

describe('docker build and push to the simulated Docker Hub', () => {
  it('is denied until logged in as the namespace, then resolves', async () => {
    const build = await tool('docker', ['build', '-t', 'hello-node:v1', HELLO]);
    expect(build.exitCode).toBe(0);
    expect(build.stderr).toContain('naming to docker.io/library/hello-node:v1 done');
    expect((await tool('docker', ['tag', 'hello-node:v1', 'labops/hello-node:v1'])).exitCode).toBe(0);
    const denied = await tool('docker', ['push', 'labops/hello-node:v1']);
    expect(denied.exitCode).toBe(1);
    expect(denied.stdout).toContain('The push refers to repository [docker.io/labops/hello-node]');
    expect(denied.stderr).toBe('denied: requested access to the resource is denied');
    expect(await resolveImage(dir, 'labops/hello-node:v1')).toBeNull();

    const badLogin = await tool('docker', ['login', '-u', 'someoneelse', '--password-stdin'], {
      input: 'pw\n',
    });
    expect(badLogin.exitCode).toBe(1);
    const login = await tool('docker', ['login', '-u', 'labops', '--password-stdin'], { input: 'pw\n' });
    expect(login).toMatchObject({ exitCode: 0, stdout: 'Login Succeeded' });
    expect((await tool('docker', ['info'])).stdout).toContain(' Username: labops');

    const wrongNs = await tool('docker', ['push', 'hello-node:v1']);
    expect(wrongNs.stdout).toContain('[docker.io/library/hello-node]');
    expect(wrongNs.exitCode).toBe(1);
    const pushed = await tool('docker', ['push', 'labops/hello-node:v1']);
    expect(pushed.exitCode).toBe(0);
    expect(pushed.stdout).toMatch(/\nv1: digest: sha256:[0-9a-f]{64} size: \d+$/);
    const resolved = await resolveImage(dir, 'docker.io/labops/hello-node:v1');
    expect(resolved?.contextDir).toBe(join(dir, 'registry', 'labops', 'hello-node', 'v1'));
  });
});

describe('openstack', () => {
  it('needs credentials like the real client', async () => {
    const r = await execa(join(BIN, 'openstack'), ['server', 'list'], {
      reject: false,
      env: { LABOPS_SIM_DIR: dir, OS_AUTH_URL: '', OS_CLOUD: '' },
    });
    expect(r).toMatchObject({
      exitCode: 1,
      stderr: 'Missing value auth-url required for auth plugin password',
    });
  });

  it('sets and shows quotas (osc6 list and legacy dict)', async () => {
    const id = (
      await tool('openstack', [
        'project',
        'show',
        'admin',
        '--domain',
        'admin_domain',
        '-f',
        'value',
        '-c',
        'id',
      ])
    ).stdout;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect((await tool('openstack', ['quota', 'set', '--cores', '100', id])).exitCode).toBe(0);
    expect((await tool('openstack', ['quota', 'set', '--instances', '100', id])).exitCode).toBe(0);
    const list = JSON.parse((await tool('openstack', ['quota', 'show', id, '-f', 'json'])).stdout) as Array<{
      Resource: string;
      Limit: number;
    }>;
    expect(list.find((q) => q.Resource === 'cores')?.Limit).toBe(100);
    const legacy = JSON.parse(
      (
        await tool('openstack', ['quota', 'show', id, '-f', 'json'], {
          env: { LABOPS_SIM_OSC_VERSION: 'legacy' },
        })
      ).stdout,
    );
    expect(legacy).toMatchObject({ cores: 100, instances: 100 });
  });

  it('creates the web server: BUILD then ACTIVE with a floating IP', async () => {
    for (const args of [
      ['security', 'group', 'create', 'web-server-sg'],
      ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '22', 'web-server-sg'],
      ['security', 'group', 'rule', 'create', '--proto', 'tcp', '--dst-port', '8080', 'web-server-sg'],
      ['security', 'group', 'rule', 'create', '--proto', 'icmp', 'web-server-sg'],
    ]) {
      const r = await tool('openstack', args);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    const created = await tool('openstack', [
      'server',
      'create',
      '--flavor',
      'm1.small',
      '--image',
      'jammy',
      '--network',
      'int_net',
      '--key-name',
      'mykey',
      '--security-group',
      'web-server-sg',
      'juju-openstack-web-server',
      '-f',
      'json',
    ]);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).status).toBe('BUILD');
    const fip = (
      await tool('openstack', [
        'floating',
        'ip',
        'create',
        '-f',
        'value',
        '-c',
        'floating_ip_address',
        'ext_net',
      ])
    ).stdout;
    // The pool 172.16.7.0/23 mirrored into 127/8: 127.16 by default, the worker's block in tests.
    const block = process.env.LABOPS_SIM_FLOATING_NET ?? '16';
    expect(fip).toMatch(new RegExp(`^127\\.${block}\\.[78]\\.\\d+$`));
    expect(
      (await tool('openstack', ['server', 'add', 'floating', 'ip', 'juju-openstack-web-server', fip]))
        .exitCode,
    ).toBe(0);
    // BUILD until its boot time has passed: ask until it says otherwise.
    const show = async () =>
      JSON.parse(
        (await tool('openstack', ['server', 'show', 'juju-openstack-web-server', '-f', 'json'])).stdout,
      );
    let shown = await show();
    for (const until = Date.now() + 15_000; shown.status === 'BUILD' && Date.now() < until; )
      shown = await show();
    expect(shown.status).toBe('ACTIVE');
    expect(shown.addresses.int_net).toContain(fip);
    const [server] = await listServers(dir);
    expect(server).toMatchObject({
      name: 'juju-openstack-web-server',
      status: 'ACTIVE',
      floatingIp: fip,
      openTcpPorts: [22, 8080],
    });
    const missing = await tool('openstack', ['server', 'show', 'nope']);
    expect(missing).toMatchObject({ exitCode: 1, stderr: "No server with a name or ID of 'nope' exists." });
  });

  it('keeps every update when commands run concurrently', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `par-sg-${i}`);
    const results = await Promise.all(
      names.map((n) => tool('openstack', ['security', 'group', 'create', n, '-f', 'json'])),
    );
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(
      (await tool('openstack', ['security', 'group', 'list', '-f', 'json'])).stdout,
    ) as Array<{ Name: string }>;
    for (const n of names) expect(list.filter((g) => g.Name === n)).toHaveLength(1);
  });
});
