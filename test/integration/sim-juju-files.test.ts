import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCloud } from '../../src/sim/cloud/index.js';

// Files named on juju's command line (run `npm run build` first). Juju 3 is a strictly confined
// snap: it reads only non-hidden paths under $HOME (a private /tmp, no /opt); 2.9 was classic.
// The runner's recipes must hand juju files it can open; the stand-in holds them to that.

const JUJU = fileURLToPath(new URL('../../bin/sim/juju', import.meta.url));
let root: string;
let home: string;
const dirs: Record<'3.6' | '2.9', string> = { '3.6': '', '2.9': '' };

const juju = (v: '3.6' | '2.9', ...args: string[]) =>
  execa(JUJU, args, { reject: false, env: { LABOPS_SIM_DIR: dirs[v], HOME: home } });

const cloudYaml =
  'clouds:\n  labcloud:\n    type: openstack\n    regions:\n      RegionOne:\n        endpoint: https://172.16.15.113:5000/v3\n';

function put(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sim-juju-files-'));
  home = join(root, 'home', 'ubuntu');
  for (const v of ['3.6', '2.9'] as const) {
    dirs[v] = join(root, `state-${v}`);
    mkdirSync(dirs[v], { recursive: true });
    writeFileSync(join(dirs[v], 'sim.json'), '{"timeScale":0}');
    await initCloud(dirs[v], 'fresh', { jujuVersion: v });
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('juju 3 (strict snap) opens only non-hidden files under $HOME', () => {
  it('add-cloud: a file in /tmp is missing to it, the same file under $HOME works', async () => {
    const outside = put(join(root, 'elsewhere', 'cloud.yaml'), cloudYaml);
    const r = await juju('3.6', 'add-cloud', '--client', 'labcloud', '-f', outside);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`ERROR open ${outside}: no such file or directory`);

    const inside = put(join(home, 'labops-tmp', 'k8s-cloud-x', 'cloud.yaml'), cloudYaml);
    const ok = await juju('3.6', 'add-cloud', '--client', 'labcloud', '-f', inside);
    expect(ok.exitCode, ok.stderr).toBe(0);
    // ctxt.Infof writes to stderr (cmd/juju/cloud/add.go addLocalCloud).
    expect(ok.stderr).toContain('Cloud "labcloud" successfully added');
  });

  it('a hidden path under $HOME is denied', async () => {
    const hidden = put(join(home, '.labops', 'cloud.yaml'), cloudYaml);
    const r = await juju('3.6', 'add-cloud', '--client', 'labcloud', '-f', hidden);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`ERROR open ${hidden}: permission denied`);
  });

  it('add-credential and deploy of a bundle are held to the same rule', async () => {
    const cred = put(join(root, 'elsewhere', 'credentials.yaml'), 'credentials: {}\n');
    const c = await juju('3.6', 'add-credential', '--client', 'openstack', '-f', cred);
    expect(c.exitCode).toBe(1);
    expect(c.stderr).toContain('no such file or directory');
    const bundle = put(join(root, 'opt', 'labops', 'assets', 'bundle.yaml'), 'applications: {}\n');
    const d = await juju('3.6', 'deploy', bundle);
    expect(d.exitCode).toBe(1);
    expect(d.stderr).toBe(`ERROR open ${bundle}: no such file or directory`);
  });

  it('config --file sets the values under the application name, and only from $HOME', async () => {
    const yaml = 'keystone:\n  debug: "true"\n  worker-multiplier: 0.25\n';
    const outside = put(join(root, 'elsewhere', 'keystone.yaml'), yaml);
    const refused = await juju('3.6', 'config', 'keystone', '--file', outside);
    expect(refused.exitCode).toBe(1);
    expect((await juju('3.6', 'config', 'keystone', 'debug')).stdout).not.toBe('true');

    const inside = put(join(home, 'labops-tmp', 'cfg', 'keystone.yaml'), yaml);
    const set = await juju('3.6', 'config', 'keystone', '--file', inside);
    expect(set.exitCode, set.stderr).toBe(0);
    expect((await juju('3.6', 'config', 'keystone', 'debug')).stdout).toBe('true');
    expect((await juju('3.6', 'config', 'keystone', 'worker-multiplier')).stdout).toBe('0.25');
  });
});

describe('juju 2.9 (classic snap) opens any path', () => {
  it('add-cloud from /tmp works', async () => {
    const outside = put(join(root, 'elsewhere29', 'cloud.yaml'), cloudYaml);
    const r = await juju('2.9', 'add-cloud', '--client', 'labcloud', '-f', outside);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});
