import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/runners/clock.js';
import type { RecipeContext } from '../../src/runners/context.js';
import { createLabTools } from '../../src/runners/lab-tools.js';
import { amphoraImage } from '../../src/runners/recipes/deploy-octavia/amphora.js';
import { matchRetrofitPocket } from '../../src/runners/recipes/deploy-octavia/retrofit-pocket.js';
import { readConfig } from '../../src/shared/config.js';
import { createExec } from '../../src/shared/exec.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import { applyOctaviaStack } from '../../src/sim/cloud/presets/octavia-stack.js';
import { timeScale } from '../../src/sim/cloud/state/clock.js';
import { mutate } from '../../src/sim/cloud/state/store.js';

// The amphora step against the stand-in juju / openstack of the simulated cloud (a 2023.2
// cloud with the Octavia stack of the `ready` preset: octavia-diskimage-retrofit deployed
// without `retrofit-uca-pocket`):
// the pocket is set to the cloud's release before `retrofit-image`, and left alone on a rerun.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let dir: string;
let home: string;

function context(argvs: string[][], said: string[], dryRun = false): RecipeContext {
  const env = { PATH: `${BIN}:${process.env.PATH}`, HOME: home, LABOPS_SIM_DIR: dir };
  const exec = createExec({ redact: (s) => s, baseEnv: env, dryRun, onCommand: (argv) => argvs.push(argv) });
  const signal = AbortSignal.timeout(50_000);
  const config = readConfig({});
  // The clock of the simulated cloud these steps drive, at the scale its tools run at.
  const clock = scaledClock(timeScale(dir, env));
  return {
    jobId: 'amphora-pocket',
    team: 'test',
    requestedBy: { id: 'test:1', name: 'tester', via: 'cli' },
    dryRun,
    signal,
    exec,
    log: pino({ level: 'silent' }),
    config,
    artifacts: {} as RecipeContext['artifacts'],
    say: (m) => said.push(m),
    secret: () => {},
    state: {},
    produced: [],
    tools: createLabTools({ config, env, dryRun: dryRun, clock }, { exec, signal }),
    clock,
    env,
  };
}

const pocket = async () =>
  (
    await execa(join(BIN, 'juju'), ['config', 'octavia-diskimage-retrofit', 'retrofit-uca-pocket'], {
      env: { LABOPS_SIM_DIR: dir },
    })
  ).stdout.trim();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amphora-pocket-'));
  home = mkdtempSync(join(tmpdir(), 'amphora-pocket-home-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
  mutate(dir, (s) => {
    const model = s.juju.controllers['maas-controller']?.models.openstack;
    if (!model) throw new Error('the fresh preset has no openstack model');
    applyOctaviaStack(s, model, Date.now() - 7 * 24 * 3600_000);
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('amphora image step: retrofit-uca-pocket', () => {
  it('plans the pocket of the cloud release (2023.2 → bobcat) before retrofit-image', async () => {
    const argvs: string[][] = [];
    await amphoraImage.apply({} as never, context(argvs, [], true));
    const lines = argvs.map((a) => a.join(' '));
    const set = lines.findIndex((l) =>
      /^juju config .*octavia-diskimage-retrofit retrofit-uca-pocket=bobcat$/.test(l),
    );
    const retrofit = lines.findIndex((l) => / octavia-diskimage-retrofit\/leader retrofit-image$/.test(l));
    expect(set, lines.join('\n')).toBeGreaterThanOrEqual(0);
    expect(retrofit).toBeGreaterThan(set);
    expect(await pocket()).toBe('');
  });

  it('sets it on the stand-in juju, and changes nothing on a rerun', async () => {
    const said: string[] = [];
    await matchRetrofitPocket(context([], said));
    expect(await pocket()).toBe('bobcat');
    expect(said.join('\n')).toContain("the cloud's OpenStack is 2023.2/stable");
    const again: string[][] = [];
    await matchRetrofitPocket(context(again, []));
    expect(again.map((a) => a.join(' ')).filter((l) => l.includes('retrofit-uca-pocket='))).toEqual([]);
  });
});
