import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { viewModel } from './juju/model-view.js';
import { lbStatus, serverStatus } from './openstack/lifecycle.js';
import { type InitOptions, initCloud as initCloudState, type Preset } from './presets/init.js';
import { type Clock, timeScale } from './state/clock.js';
import { mutate, readState } from './state/store.js';
import type { CloudState } from './state/types.js';
import { ensureVault, isSealed, sealVaultIn, vaultApps, writeKeysFile } from './vault/state.js';

/**
 * The simulated cloud as the orchestrator sees it: create the state for a preset, ask whether
 * lab milestones are reached, and find images pushed to the simulated Docker Hub.
 * The stand-in commands themselves live in bin/sim (juju, openstack, docker, vault).
 */

export { type RunningContainer, runningContainers } from './docker/running.js';
export type { InitOptions, Preset } from './presets/init.js';
export type { CloudState } from './state/types.js';
export { vaultKeysFile } from './vault/state.js';

/**
 * Creates `<stateDir>/cloud.json` for a preset (nothing changes when it already exists), with
 * the Vault's unseal keys and root token, also written to `<stateDir>/vault-keys.txt` in the
 * format `LABOPS_VAULT_KEYS_FILE` takes.
 */
export async function initCloud(stateDir: string, preset: Preset, opts: InitOptions = {}): Promise<void> {
  await initCloudState(stateDir, preset, opts);
  const vault = readState(stateDir)?.vault ?? mutate(stateDir, (state) => ensureVault(state));
  writeKeysFile(stateDir, vault);
}

/**
 * The Vault container restarts: Vault comes back sealed (`juju status` shows `Unit is sealed`)
 * and forgets unseal keys given so far. Returns the keys file and the addresses to unseal.
 */
export async function sealVault(stateDir: string): Promise<{ keysFile: string; addresses: string[] }> {
  const result = mutate(stateDir, (state) => {
    if (!sealVaultIn(state, Date.now())) return null;
    return { vault: ensureVault(state), addresses: vaultApps(state).flatMap((a) => a.addresses) };
  });
  if (!result) throw new Error(`the simulated cloud in ${stateDir} has no vault application`);
  return { keysFile: writeKeysFile(stateDir, result.vault), addresses: result.addresses };
}

/** True while the simulated Vault is sealed. */
export async function isVaultSealed(stateDir: string): Promise<boolean> {
  const state = stateOf(stateDir);
  return state ? isSealed(state) : false;
}

function clockFor(stateDir: string): Clock {
  return { now: Date.now(), scale: timeScale(stateDir) };
}

function stateOf(stateDir: string): CloudState | null {
  return readState(stateDir);
}

/** True once `octavia/0` is active and `configure-resources` has run. */
export async function isOctaviaActive(stateDir: string): Promise<boolean> {
  const state = stateOf(stateDir);
  if (!state) return false;
  for (const ctrl of Object.values(state.juju.controllers)) {
    for (const model of Object.values(ctrl.models)) {
      const octavia = Object.values(model.applications).find((a) => a.charm === 'octavia');
      if (!octavia?.flags.resourcesConfigured) continue;
      const view = viewModel(model, clockFor(stateDir)).apps.find((a) => a.state.name === octavia.name);
      if (view?.units[0]?.workload.current === 'active') return true;
    }
  }
  return false;
}

/** True once a model has kubernetes-control-plane and kubernetes-worker units all active. */
export async function isKubernetesDeployed(stateDir: string): Promise<boolean> {
  const state = stateOf(stateDir);
  if (!state) return false;
  const clock = clockFor(stateDir);
  for (const ctrl of Object.values(state.juju.controllers)) {
    for (const model of Object.values(ctrl.models)) {
      const view = viewModel(model, clock);
      const ready = (charm: string): boolean => {
        const apps = view.apps.filter((a) => a.state.charm === charm);
        return (
          apps.length > 0 &&
          apps.every((a) => a.units.length > 0 && a.units.every((u) => u.workload.current === 'active'))
        );
      };
      if (ready('kubernetes-control-plane') && ready('kubernetes-worker')) return true;
    }
  }
  return false;
}

/** Splits an image reference into Docker Hub user, repository and tag. */
export function parseImageRef(ref: string): { user: string; repo: string; tag: string } | null {
  const stripped = ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  const m = /^(?:([a-z0-9._-]+)\/)?([a-z0-9._-]+)(?::([\w.-]+))?$/.exec(stripped);
  if (!m) return null;
  return { user: m[1] ?? 'library', repo: m[2] as string, tag: m[3] ?? 'latest' };
}

/**
 * The build context of an image pushed to the simulated Docker Hub
 * (`<stateDir>/registry/<user>/<repo>/<tag>/`), or null when nothing was pushed under `ref`.
 */
export async function resolveImage(stateDir: string, ref: string): Promise<{ contextDir: string } | null> {
  const parsed = parseImageRef(ref);
  if (!parsed) return null;
  const state = stateOf(stateDir);
  if (!state?.docker.registry[`${parsed.user}/${parsed.repo}:${parsed.tag}`]) return null;
  const contextDir = join(stateDir, 'registry', parsed.user, parsed.repo, parsed.tag);
  return existsSync(contextDir) ? { contextDir } : null;
}

/** Absolute path of bin/sim (put it first on PATH to use the stand-ins). */
export function simBinDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'sim');
}

/** What the orchestrator needs to decide whether to serve a server's HTTP answer. */
export interface ServerInfo {
  id: string;
  name: string;
  status: 'BUILD' | 'ACTIVE';
  fixedIp: string;
  floatingIp: string | null;
  securityGroups: string[];
  /** ports opened by ingress TCP rules of the server's security groups */
  openTcpPorts: number[];
  userData: string | null;
}

/** Nova servers of the simulated cloud with their current status. */
export async function listServers(stateDir: string): Promise<ServerInfo[]> {
  const state = stateOf(stateDir);
  if (!state) return [];
  const clock = clockFor(stateDir);
  const os = state.openstack;
  return os.servers
    .filter((s) => !s.deleted)
    .map((s) => {
      const groups = os.securityGroups.filter((g) => s.securityGroups.includes(g.id));
      const ports = groups.flatMap((g) =>
        g.rules
          .filter((r) => r.direction === 'ingress' && r.protocol === 'tcp' && r.portMin !== null)
          .map((r) => r.portMin as number),
      );
      return {
        id: s.id,
        name: s.name,
        status: serverStatus(s, clock),
        fixedIp: s.fixedIp,
        floatingIp: os.floatingIps.find((f) => f.serverId === s.id)?.address ?? null,
        securityGroups: groups.map((g) => g.name),
        openTcpPorts: [...new Set(ports)].sort((a, b) => a - b),
        userData: s.userData,
      };
    });
}

/** Load balancers with their current statuses (for the Kubernetes side's Service type LoadBalancer). */
export async function listLoadBalancers(
  stateDir: string,
): Promise<Array<{ id: string; name: string; vipAddress: string; provisioning: string; operating: string }>> {
  const state = stateOf(stateDir);
  if (!state) return [];
  const clock = clockFor(stateDir);
  return state.openstack.loadbalancers.map((lb) => ({
    id: lb.id,
    name: lb.name,
    vipAddress: lb.vipAddress,
    ...lbStatus(lb, clock),
  }));
}
