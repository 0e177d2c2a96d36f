import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCloud } from '../../src/sim/cloud/index.js';
import { section } from '../support/tools/fixtures.js';

// The stand-in juju held to the real command lines (src/sim/cloud/juju/flags.ts) and the real
// texts (test/fixtures/real/juju-client-texts.txt), per version. Run `npm run build` first.

const JUJU = fileURLToPath(new URL('../../bin/sim/juju', import.meta.url));
const texts = 'juju-client-texts.txt';
/** A real text of juju-client-texts.txt, as the stand-in prints it (no trailing newline). */
const real = (header: string) => section(texts, header).trimEnd();
const M = ['-m', 'maas-controller:openstack'];
let root: string;
let home: string;
const dirs: Record<'3.6' | '2.9', string> = { '3.6': '', '2.9': '' };

const juju = (v: '3.6' | '2.9', ...args: string[]) =>
  execa(JUJU, args, { reject: false, env: { LABOPS_SIM_DIR: dirs[v], HOME: home } });

const cloudYaml = (name: string) =>
  `clouds:\n  ${name}:\n    type: openstack\n    auth-types: [userpass]\n    regions:\n      RegionOne:\n        endpoint: https://172.16.15.113:5000/v3\n`;
const credYaml = (cloud: string) =>
  `credentials:\n  ${cloud}:\n    inari-admin-tenanw:\n      auth-type: userpass\n      username: admin\n      password: x\n`;

function put(name: string, text: string): string {
  const path = join(home, 'labops-tmp', name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sim-juju-flags-'));
  home = join(root, 'home');
  for (const v of ['3.6', '2.9'] as const) {
    dirs[v] = join(root, `state-${v}`);
    mkdirSync(dirs[v], { recursive: true });
    writeFileSync(join(dirs[v], 'sim.json'), '{"timeScale":0}');
    await initCloud(dirs[v], 'fresh', { jujuVersion: v });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('juju 3.6: removed and unknown options fail as gnuflag fails', () => {
  it('add-credential --replace (cmd/juju/cloud/addcredential.go dropped it in 3.0); 2.9 accepts it', async () => {
    const cloud = put('c.yaml', cloudYaml('openstack-inari-test'));
    const cred = put('creds.yaml', credYaml('openstack-inari-test'));
    for (const v of ['3.6', '2.9'] as const)
      expect((await juju(v, 'add-cloud', '--client', 'openstack-inari-test', '-f', cloud)).exitCode).toBe(0);
    const r = await juju(
      '3.6',
      'add-credential',
      '--client',
      'openstack-inari-test',
      '-f',
      cred,
      '--replace',
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(real('=== add-credential --replace under 3.x'));
    const r29 = await juju(
      '2.9',
      'add-credential',
      '--client',
      'openstack-inari-test',
      '-f',
      cred,
      '--replace',
    );
    expect(r29.exitCode, r29.stderr).toBe(0);
  });

  it('3.x syntax under 2.9 and 2.9 syntax under 3.6, flag by flag', async () => {
    const refused = async (v: '3.6' | '2.9', flag: string, ...args: string[]) => {
      const r = await juju(v, ...args);
      expect(r.exitCode, `${v} ${args.join(' ')}`).toBe(2);
      expect(r.stderr).toBe(`ERROR option provided but not defined: ${flag}`);
    };
    await refused('2.9', '--base', 'deploy', 'ubuntu', '--base', 'ubuntu@22.04');
    await refused('2.9', '--bootstrap-base', 'bootstrap', 'x/RegionOne', '--bootstrap-base', 'ubuntu@22.04');
    await refused('3.6', '--no-gui', 'bootstrap', 'x/RegionOne', '--no-gui');
    await refused('3.6', '--increase-budget', 'deploy', 'ubuntu', '--increase-budget', '1');
    await refused('3.6', '--timeout', 'exec', '--unit', 'vault/0', '--timeout', '1m', '--', 'hostname');
    // update-cloud has `-f` only (cmd/juju/cloud/updatecloud.go).
    await refused('3.6', '--file', 'update-cloud', 'x', '--client', '--file', 'c.yaml');
  });

  it('a missing or extra argument fails in Init (exit 2)', async () => {
    const r = await juju('3.6', 'add-credential', '--client');
    expect(r).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR Usage: juju add-credential <cloud-name> [-f <credentials.yaml>]',
    });
    const extra = await juju('3.6', 'add-credential', '--client', 'a', 'b');
    expect(extra).toMatchObject({ exitCode: 2, stderr: 'ERROR unrecognized args: ["b"]' });
    const run = await juju('3.6', 'run', 'vault/leader');
    expect(run).toMatchObject({ exitCode: 2, stderr: 'ERROR no action specified' });
  });
});

describe('clouds and credentials that already exist on the client', () => {
  it('add-cloud again: "use update-cloud … --client" (2.9 and 3.x); update-cloud -f replaces it', async () => {
    const file = put('lab.yaml', cloudYaml('lab'));
    for (const v of ['3.6', '2.9'] as const) {
      expect((await juju(v, 'add-cloud', '--client', 'lab', '-f', file)).exitCode).toBe(0);
      const again = await juju(v, 'add-cloud', '--client', 'lab', '-f', file);
      expect(again.exitCode).toBe(1);
      expect(again.stderr).toBe(real('=== add-cloud --client stderr, cloud exists'));
      const upd = await juju(v, 'update-cloud', '--client', 'lab', '-f', file);
      expect(upd).toMatchObject({
        exitCode: 0,
        stderr: 'Cloud "lab" updated on this client using provided file.',
      });
    }
  });

  it('3.x add-credential again: exit 1 and the real texts; update-credential updates it', async () => {
    const cred = put('mycreds.yaml', credYaml('openstack-inari-test'));
    const first = await juju('3.6', 'add-credential', '--client', 'openstack-inari-test', '-f', cred);
    expect(first.exitCode, first.stderr).toBe(0);
    const again = await juju('3.6', 'add-credential', '--client', 'openstack-inari-test', '-f', cred);
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toBe(real('=== add-credential 3.x stdout, credential exists'));
    expect(again.stderr).toBe(
      real('=== add-credential 3.x stderr, credential exists').replace('mycreds.yaml', cred),
    );
    const upd = await juju('3.6', 'update-credential', '--client', 'openstack-inari-test', '-f', cred);
    expect(upd.exitCode).toBe(0);
    expect(upd.stderr).toBe(real('=== update-credential --client stderr'));
  });
});

describe('bootstrap settings per version', () => {
  it('3.6 warns about use-floating-ip and goes on; constraints are checked', async () => {
    const r = await juju(
      '3.6',
      'bootstrap',
      'maas-one/default',
      'c36',
      '--config',
      'use-floating-ip=true',
      '--bootstrap-constraints',
      'allocate-public-ip=true',
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('WARNING unknown config field "use-floating-ip"');
    const bad = await juju('3.6', 'bootstrap', 'maas-one/default', 'c37', '--constraints', 'floating=true');
    expect(bad).toMatchObject({ exitCode: 1, stderr: 'ERROR unknown constraint "floating"' });
    const r29 = await juju(
      '2.9',
      'bootstrap',
      'maas-one/default',
      'c29',
      '--model-default',
      'use-floating-ip=true',
    );
    expect(r29.exitCode).toBe(0);
    expect(r29.stderr).not.toContain('WARNING');
  });
});

describe('juju run waits 60 s unless told (cmd/juju/action/common.go)', () => {
  it('an action longer than the wait: the real timeout text, exit 1; a long enough --wait gets the result', async () => {
    // vault's get-root-ca takes 5 simulated seconds in the stand-in.
    const short = await juju('3.6', 'run', ...M, 'vault/leader', 'get-root-ca', '--wait=1s');
    expect(short.exitCode).toBe(1);
    expect(short.stderr.split('\n').at(-1)).toMatch(
      /^ERROR timed out waiting for results from: unit vault\/\d+$/,
    );
    const ok = await juju('3.6', 'run', ...M, 'vault/leader', 'get-root-ca', '--wait=10s', '--format=yaml');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('status: completed');
    const bad = await juju('3.6', 'run', ...M, 'vault/leader', 'get-root-ca', '--wait', 'vault/leader');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe(
      'ERROR invalid value "vault/leader" for option --wait: time: invalid duration "vault/leader"',
    );
    const both = await juju('3.6', 'run', ...M, 'vault/leader', 'get-root-ca', '--wait=1m', '--background');
    expect(both).toMatchObject({ exitCode: 2, stderr: 'ERROR cannot specify both --wait and --background' });
  });

  it('3.x schedules nothing for an application without units: exit 0, nothing on stdout; 2.9 refuses', async () => {
    for (const v of ['3.6', '2.9'] as const)
      expect((await juju(v, 'deploy', ...M, 'barbican-vault')).exitCode).toBe(0);
    // cmd/juju/action/run.go, processOperationResults: the reason goes to stderr, exit 0.
    const r = await juju('3.6', 'run', ...M, 'barbican-vault/leader', 'noop', '--format=yaml');
    expect(r).toMatchObject({ exitCode: 0, stdout: '' });
    expect(r.stderr).toMatch(
      /^Operation \d+ failed to schedule any tasks:\ncould not determine leader for "barbican-vault"$/m,
    );
    const r29 = await juju('2.9', 'run-action', ...M, 'barbican-vault/leader', 'noop', '--wait');
    expect(r29).toMatchObject({
      exitCode: 1,
      stderr: 'ERROR could not determine leader for "barbican-vault"',
    });
  });
});
