import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/runners/clock.js';
import type { RecipeContext } from '../../src/runners/context.js';
import { createLabTools } from '../../src/runners/lab-tools.js';
import { certificates } from '../../src/runners/recipes/deploy-octavia/certificates.js';
import { readConfig } from '../../src/shared/config.js';
import { createExec } from '../../src/shared/exec.js';
import { initCloud } from '../../src/sim/cloud/index.js';
import { amphoraTlsRefusal, type OctaviaCertConfig } from '../../src/sim/cloud/octavia-certs.js';
import { applyOctaviaStack } from '../../src/sim/cloud/presets/octavia-stack.js';
import { timeScale } from '../../src/sim/cloud/state/clock.js';
import { load, mutate } from '../../src/sim/cloud/state/store.js';

// The certificates step as the runner runs it: the real openssl in a private directory under
// $HOME (with the step's own openssl configuration), then `juju config octavia --file` on the
// stand-in juju. The five settings it leaves are judged as the amphorae would judge them.

const BIN = fileURLToPath(new URL('../../bin/sim/', import.meta.url));
let dir: string;
let home: string;

function context(): RecipeContext {
  const env = { PATH: `${BIN}:${process.env.PATH}`, HOME: home, LABOPS_SIM_DIR: dir };
  const exec = createExec({ redact: (s) => s, baseEnv: env });
  const signal = AbortSignal.timeout(50_000);
  const config = readConfig({});
  // The clock of the simulated cloud these steps drive, at the scale its tools run at.
  const clock = scaledClock(timeScale(dir, env));
  return {
    jobId: 'octavia-certs',
    team: 'test',
    requestedBy: { id: 'test:1', name: 'tester', via: 'cli' },
    dryRun: false,
    signal,
    exec,
    log: pino({ level: 'silent' }),
    config,
    artifacts: {} as RecipeContext['artifacts'],
    say: () => {},
    secret: () => {},
    state: {},
    produced: [],
    tools: createLabTools({ config, env, dryRun: false, clock }, { exec, signal }),
    clock,
    env,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'octavia-certs-step-'));
  home = mkdtempSync(join(tmpdir(), 'octavia-certs-step-home-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify({ timeScale: 0.01 }));
  await initCloud(dir, 'fresh');
  mutate(dir, (s) => {
    const model = s.juju.controllers['maas-controller']?.models.openstack;
    if (!model) throw new Error('the fresh preset has no openstack model');
    applyOctaviaStack(s, model, Date.now() - 7 * 24 * 3600_000);
    // Octavia as freshly deployed: no lb-mgmt settings yet.
    for (const k of Object.keys(model.applications.octavia?.config ?? {}))
      if (k.startsWith('lb-mgmt-')) delete model.applications.octavia?.config[k];
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('Octavia certificates step on the simulated cloud', () => {
  it('sets five settings the amphorae accept, and leaves no key file behind', async () => {
    const ctx = context();
    expect(await certificates.check?.({} as never, ctx)).toBe(false);
    await certificates.apply({} as never, ctx);
    const octavia = load(dir).juju.controllers['maas-controller']?.models.openstack?.applications.octavia;
    const config = octavia?.config as OctaviaCertConfig;
    expect(config['lb-mgmt-controller-cert']).toBeTruthy();
    expect(amphoraTlsRefusal(config)).toBeNull();
    expect(await certificates.check?.({} as never, ctx)).toBe('the five lb-mgmt-* settings are set');
    expect(readdirSync(join(home, 'labops-tmp'))).toEqual([]);
  });
});
