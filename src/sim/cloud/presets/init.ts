import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../state/ids.js';
import { readState, statePath, withLock, writeState } from '../state/store.js';
import type { CloudState, JujuMode } from '../state/types.js';
import { applyK8sModel } from './k8s-model.js';
import { applyOctaviaStack } from './octavia-stack.js';
import { openstackResources } from './openstack-cloud.js';
import { openstackModel } from './openstack-model.js';

/** Starting points of the simulated lab. */
export type Preset = 'fresh' | 'ready';

export interface InitOptions {
  jujuVersion?: '3.6' | '2.9';
  dockerUser?: string;
  /**
   * The second octet of the 127/8 block the floating IPs are mirrored into (default 16, or
   * `LABOPS_SIM_FLOATING_NET`): labs with different blocks can serve on one machine at once.
   */
  floatingNet?: number;
}

/** `opts.floatingNet`, else `LABOPS_SIM_FLOATING_NET` when it is 1–254, else 16. */
function floatingNetOf(opts: InitOptions, env: NodeJS.ProcessEnv = process.env): number {
  const n = opts.floatingNet ?? Number(env.LABOPS_SIM_FLOATING_NET ?? 16);
  return Number.isInteger(n) && n >= 1 && n <= 254 ? n : 16;
}

/** Preset resources were deployed a week ago, so they have converged at any sane time scale. */
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** `<repo>/assets/hello-node`, found relative to this module (src/ or dist/). */
export function helloNodeAssets(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', '..', '..', '..', 'assets', 'hello-node');
}

export function buildState(preset: Preset, opts: InitOptions, now: number, stateDir: string): CloudState {
  const at = now - WEEK_MS;
  const mode: JujuMode = opts.jujuVersion ?? '3.6';
  const hubUser = opts.dockerUser ?? 'labops';
  const openstack = openstackModel(at, mode);
  const state: CloudState = {
    schema: 1,
    createdAt: now,
    juju: {
      mode,
      clouds: { 'maas-one': { type: 'maas', endpoint: 'http://172.16.0.3:5240/MAAS', region: 'default' } },
      credentials: { 'maas-one': ['admin'] },
      controllers: {
        'maas-controller': {
          cloud: 'maas-one',
          region: 'default',
          models: { openstack },
          currentModel: 'openstack',
        },
      },
      current: 'maas-controller:openstack',
      opSeq: 0,
    },
    openstack: openstackResources(at, floatingNetOf(opts)),
    docker: { hubUsers: [hubUser], loggedInUser: null, dockerHost: null, registry: {}, containers: [] },
  };
  if (preset === 'ready') {
    applyOctaviaStack(state, openstack, at);
    const keystone = openstack.applications.keystone?.units[0]?.machine ?? '';
    applyK8sModel(state, openstack.machines[keystone]?.address ?? '172.16.15.113', at);
    const ref = `${hubUser}/hello-node:v1`;
    const dest = join(stateDir, 'registry', hubUser, 'hello-node', 'v1');
    mkdirSync(dest, { recursive: true });
    cpSync(helloNodeAssets(), dest, { recursive: true });
    state.docker.registry[ref] = { digest: `sha256:${sha256Hex(ref)}`, size: 2201, pushedAt: at };
  }
  return state;
}

/**
 * Creates `<stateDir>/cloud.json` for a preset; does nothing when it already exists, so a
 * restarted simulation resumes where it was.
 */
export async function initCloud(stateDir: string, preset: Preset, opts: InitOptions = {}): Promise<void> {
  mkdirSync(stateDir, { recursive: true });
  withLock(stateDir, () => {
    if (existsSync(statePath(stateDir)) && readState(stateDir)) return;
    writeState(stateDir, buildState(preset, opts, Date.now(), stateDir));
  });
}
