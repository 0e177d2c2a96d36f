import { afterEach, describe, expect, it } from 'vitest';
import { createJuju } from '../../src/runners/tools/juju/client.js';
import { type Rule, standIns } from '../support/tools/harness.js';

const model = 'maas-controller:openstack';
const common: Rule[] = [
  { match: ['status', '--format=json'], fixture: 'juju-status-openstack-ussuri-juju3.4.json' },
  {
    match: ['run', 'traefik-k8s/0', 'show-proxied-endpoints'],
    fixture: 'juju-run-action-outputs-juju3.txt',
    section: '$ juju run traefik-k8s/0',
  },
  {
    match: ['integrate', 'lxd'],
    fixture: 'juju-errors.txt',
    section: '=== juju integrate',
    stream: 'stderr',
    exit: 1,
  },
  { match: ['integrate'], text: '' },
  { match: ['add-relation'], text: '' },
  { match: ['exec'], text: '' },
  { match: ['run-action'], text: '' },
  { match: ['run', '--unit'], text: '' },
  { match: ['deploy'], text: '' },
  { match: ['config'], text: '' },
];
const rules = (version: string, first: Rule[] = []): Rule[] => [
  { match: ['version'], text: `${version}\n` },
  ...first,
  ...common,
];
/** What Juju 3 answers to 2.9's `juju run --unit` (as openstack-base's openrc calls it). */
const runUnitUnder3: Rule = {
  match: ['run', '--unit'],
  fixture: 'juju-errors.txt',
  section: '=== juju 3.x',
  stream: 'stderr',
  exit: 2,
};

let env: ReturnType<typeof standIns> | undefined;
afterEach(() => env?.cleanup());

describe('juju adapter on the real exec and a stand-in juju', () => {
  it('3.x: detects the version once and speaks the new syntax, pinned to the model', async () => {
    env = standIns({ juju: rules('3.6.4-ubuntu-amd64') });
    const juju = createJuju({ exec: env.exec, model, k8sModel: 'k8s' });
    expect((await juju.status()).counts.applications).toBeGreaterThan(10);
    await juju.integrate('octavia:certificates', 'vault:certificates');
    await juju.openPort('kubernetes-worker/0', '30080/tcp');
    await juju.k8s.deploy('./bundle.yaml', { overlay: 'openstack-overlay.yaml', trust: true });
    const r = await juju.runAction('traefik-k8s/0', 'show-proxied-endpoints');
    expect(r).toMatchObject({ unit: 'traefik-k8s/0', status: 'completed' });
    const argvs = env.calls().map((c) => c.argv);
    expect(argvs.filter((a) => a[0] === 'version')).toHaveLength(1);
    expect(argvs).toContainEqual(['status', '-m', model, '--format=json']);
    expect(argvs).toContainEqual(['integrate', '-m', model, 'octavia:certificates', 'vault:certificates']);
    expect(argvs).toContainEqual([
      'exec',
      '-m',
      model,
      '--unit',
      'kubernetes-worker/0',
      '--',
      'open-port',
      '30080/tcp',
    ]);
    expect(argvs).toContainEqual([
      'deploy',
      '-m',
      'k8s',
      './bundle.yaml',
      '--overlay',
      'openstack-overlay.yaml',
      '--trust',
    ]);
    // Juju 3 waits 60 s unless told (cmd/juju/action/common.go): the adapter passes its own wait.
    expect(argvs).toContainEqual([
      'run',
      '-m',
      model,
      '--format=yaml',
      '--wait=3600s',
      'traefik-k8s/0',
      'show-proxied-endpoints',
    ]);
  });

  it('2.9: add-relation, run --unit, run-action --wait', async () => {
    env = standIns({ juju: rules('2.9.42-ubuntu-amd64') });
    const juju = createJuju({ exec: env.exec, model });
    await juju.integrate('a', 'b');
    await juju.openPort('kubernetes-worker/0', '30080/tcp');
    // The stand-in prints nothing: an action that was never scheduled is a failure, not a result.
    await expect(juju.runAction('vault/leader', 'generate-root-ca')).rejects.toMatchObject({
      name: 'UserError',
      code: 'JUJU_ACTION_FAILED',
      message: expect.stringContaining('exited 0 without a result'),
    });
    const argvs = env.calls().map((c) => c.argv);
    expect(argvs).toContainEqual(['add-relation', '-m', model, 'a', 'b']);
    expect(argvs).toContainEqual([
      'run',
      '-m',
      model,
      '--unit',
      'kubernetes-worker/0',
      '--',
      'open-port',
      '30080/tcp',
    ]);
    expect(argvs).toContainEqual([
      'run-action',
      '-m',
      model,
      '--wait',
      '--format=yaml',
      'vault/leader',
      'generate-root-ca',
    ]);
  });

  it('3.x: exit 0 with no output is an action never scheduled; the 60 s timeout text is understood', async () => {
    env = standIns({
      juju: rules('3.6.4-ubuntu-amd64', [
        { match: ['run', 'octavia/leader'], text: '' },
        {
          match: ['run', 'octavia/0'],
          fixture: 'juju-client-texts.txt',
          section: '=== run 3.x stderr, nothing scheduled',
          stream: 'stderr',
          exit: 0,
        },
        {
          match: ['run', 'glance-simplestreams-sync/leader'],
          fixture: 'juju-client-texts.txt',
          section: '=== run 3.x stderr, default wait ran out',
          stream: 'stderr',
          exit: 1,
        },
      ]),
    });
    const juju = createJuju({ exec: env.exec, model });
    await expect(juju.runAction('octavia/leader', 'configure-resources')).rejects.toMatchObject({
      code: 'JUJU_ACTION_FAILED',
      message: expect.stringContaining('scheduled no configure-resources task on octavia/leader'),
    });
    // Juju's own reason, from stderr, is in the message.
    await expect(juju.runAction('octavia/0', 'configure-resource')).rejects.toMatchObject({
      code: 'JUJU_ACTION_FAILED',
      message: expect.stringContaining(
        'scheduled no configure-resource task on octavia/0 (action "configure-resource" not defined on unit "octavia/0")',
      ),
    });
    await expect(
      juju.runAction('glance-simplestreams-sync/leader', 'sync-images', {}, { waitMs: 70 * 60_000 }),
    ).rejects.toMatchObject({
      code: 'JUJU_ACTION_FAILED',
      message: expect.stringContaining('goes on running on unit glance-simplestreams-sync/0'),
    });
    expect(env.calls().map((c) => c.argv)).toContainEqual([
      'run',
      '-m',
      model,
      '--format=yaml',
      '--wait=4200s',
      'glance-simplestreams-sync/leader',
      'sync-images',
    ]);
  });

  it('turns juju error texts into outcomes and UserErrors', async () => {
    env = standIns({ juju: rules('3.6.4-ubuntu-amd64') });
    const juju = createJuju({ exec: env.exec, model });
    await expect(juju.integrate('lxd', 'overlord:admin/cos.grafana-dashboards')).resolves.toMatchObject({
      kind: 'already-exists',
      what: 'relation',
    });
  });

  it('recognises 2.9 syntax refused by a 3.x controller client', async () => {
    // A client that reports 2.9 while a 3.x juju answers (e.g. two snaps on PATH).
    env = standIns({ juju: rules('2.9.42-ubuntu-amd64', [runUnitUnder3]) });
    const juju = createJuju({ exec: env.exec, model });
    await expect(juju.exec('vault/0', ['hostname'])).rejects.toMatchObject({
      name: 'UserError',
      code: 'JUJU_SYNTAX',
    });
  });

  it('dry-run: mutating calls are recorded, not run; reads still run', async () => {
    env = standIns({ juju: rules('3.6.4-ubuntu-amd64') }, { dryRun: true });
    const juju = createJuju({ exec: env.exec, model });
    expect(await juju.integrate('a', 'b')).toMatchObject({
      kind: 'dry-run',
      argv: ['juju', 'integrate', '-m', model, 'a', 'b'],
    });
    expect(await juju.config('neutron-api', { 'enable-ml2-port-security': true })).toMatchObject({
      kind: 'dry-run',
    });
    expect(await juju.runAction('octavia/leader', 'configure-resources')).toMatchObject({ kind: 'dry-run' });
    await juju.status();
    expect(env.calls().map((c) => c.argv[0])).toEqual(['version', 'status']);
  });

  it('healthSnapshot lists units that are not active/idle', async () => {
    env = standIns({
      juju: [
        { match: ['version'], text: '3.6.4\n' },
        { match: ['status'], fixture: 'juju-status-kubernetes-core-aws-allocating-juju3.2.json' },
      ],
    });
    const snap = await createJuju({ exec: env.exec, model: 'k8s' }).healthSnapshot();
    expect(snap.notReady.map((u) => u.unit)).toEqual(
      expect.arrayContaining(['etcd/0', 'kubernetes-worker/0']),
    );
  });
});
