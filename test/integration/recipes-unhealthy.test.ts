import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../src/cli/embedded-redis.js';
import type { LabClient } from '../../src/client/lab-client.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { initCloud, isOctaviaActive } from '../../src/sim/cloud/index.js';
import { mutate } from '../../src/sim/cloud/state/store.js';
import { MUTATING } from '../support/lab-walk.js';
import { enqueue, freshTeam, simCloudRunner, testClient, testKeys } from '../support/pipeline.js';
import { startTestRedis } from '../support/redis.js';

// `/deploy octavia` refuses to start on an unhealthy cloud, through the real pipeline: a unit of
// the running cloud blocked, or an OpenStack API that does not answer. Nothing is changed.

const OPENSTACK = fileURLToPath(new URL('../../bin/sim/openstack', import.meta.url));
let redis: EmbeddedRedis;
let client: LabClient;
let root: string;
const runners: RunnerHandle[] = [];
const keys = testKeys();
const commands = new Map<string, string[][]>();

async function cloud(name: string): Promise<string> {
  const dir = join(root, name);
  await initCloud(dir, 'fresh');
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  return dir;
}

async function deployOctavia(simDir: string, env: Record<string, string> = {}) {
  const team = freshTeam();
  runners.push(await simCloudRunner({ redisUrl: redis.url, team, keys, recipes, simDir, commands, env }));
  const jobId = await enqueue(client, team, 'deploy-octavia', {});
  const o = await client.follow(team, jobId);
  return { o, argv: (commands.get(jobId) ?? []).map((a) => a.join(' ')) };
}

beforeAll(async () => {
  redis = await startTestRedis();
  client = testClient(redis.url, keys);
  root = mkdtempSync(join(tmpdir(), 'recipes-unhealthy-'));
}, 60_000);

afterAll(async () => {
  for (const r of runners) await r.close();
  await client?.close();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('/deploy octavia on an unhealthy cloud', () => {
  it('a blocked nova-compute: refused with the unit named, nothing run that changes the lab', async () => {
    const dir = await cloud('blocked');
    // nova-compute loses its relations: blocked, "Missing relations", as on a half-broken cloud.
    mutate(dir, (state) => {
      for (const ctrl of Object.values(state.juju.controllers))
        for (const model of Object.values(ctrl.models))
          model.relations = model.relations.filter(
            (r) => !r.provider.startsWith('nova-compute:') && !r.requirer.startsWith('nova-compute:'),
          );
    });
    const { o, argv } = await deployOctavia(dir);
    expect(o.state).toBe('failed');
    if (o.state !== 'failed') return;
    expect(o.code).toBe('CLOUD_UNHEALTHY');
    expect(o.message).toMatch(/nova-compute\/0 is blocked/);
    expect(argv.filter((l) => MUTATING.test(l))).toEqual([]);
    expect(await isOctaviaActive(dir)).toBe(false);
  }, 120_000);

  it('glance not answering: refused, naming it', async () => {
    const dir = await cloud('glance-down');
    // An `openstack` in front of the stand-in that fails `image list` as a down glance-api does.
    const bin = mkdtempSync(join(root, 'bin-'));
    const wrapper = join(bin, 'openstack');
    writeFileSync(
      wrapper,
      `#!/usr/bin/env node
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
if (args[0] === 'image' && args[1] === 'list') {
  process.stderr.write('Internal Server Error (HTTP 500)\\n');
  process.exit(1);
}
const r = spawnSync(${JSON.stringify(OPENSTACK)}, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
`,
    );
    chmodSync(wrapper, 0o755);
    const { o, argv } = await deployOctavia(dir, {
      PATH: `${bin}:${fileURLToPath(new URL('../../bin/sim/', import.meta.url))}:${process.env.PATH}`,
    });
    expect(o.state).toBe('failed');
    if (o.state !== 'failed') return;
    expect(o.code).toBe('CLOUD_UNHEALTHY');
    expect(o.message).toContain('glance (`openstack image list`)');
    expect(argv.filter((l) => MUTATING.test(l))).toEqual([]);
  }, 120_000);
});
