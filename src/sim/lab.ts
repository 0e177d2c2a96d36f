import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createExec } from '../shared/exec.js';
import {
  initCloud,
  isKubernetesDeployed,
  isOctaviaActive,
  type Preset,
  resolveImage,
  simBinDir,
} from './cloud/index.js';
import { lbMemberGate } from './cloud/openstack/lb-members.js';
import { SIM_CLOUD, writeSimCloudsYaml } from './clouds-yaml.js';
import { ContainerServers } from './containers.js';
import { InstanceServers } from './instances.js';
import { type KubeSim, startKubeSim } from './kube/index.js';
import { syncOctavia } from './octavia-sync.js';
import { reapOrphans } from './proc-registry.js';

export interface SimLabOptions {
  stateDir: string;
  /** Used when the state dir is new; an existing one resumes with its own preset. */
  preset?: Preset;
  timeScale?: number;
  jujuVersion?: '3.6' | '2.9';
  dockerUser?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface SimMeta {
  preset: Preset;
  timeScale: number;
  dockerUser: string;
  createdAt: number;
}

export interface SimLab {
  stateDir: string;
  meta: SimMeta;
  kube: KubeSim;
  /** The environment a runner needs to drive this lab: stand-ins first on PATH, credentials, kubeconfig path. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Where runners keep the kubeconfig that `/deploy k8s` fetches (as `~/.kube/config` on a real main). */
export const clientKubeconfig = (stateDir: string) => join(stateDir, 'client', 'kubeconfig');

export function readMeta(stateDir: string): SimMeta | null {
  const file = join(stateDir, 'sim.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SimMeta) : null;
}

/**
 * Starts (or resumes) the simulated lab: cloud state for the preset, the Kubernetes API
 * with pods as real processes, instance servers, container servers (`docker run -p`), and the
 * Octavia records of LoadBalancer services. Everything lives in `stateDir` and survives a restart.
 */
export async function startSimLab(opts: SimLabOptions): Promise<SimLab> {
  const { stateDir } = opts;
  mkdirSync(stateDir, { recursive: true });
  const old = readMeta(stateDir);
  const meta: SimMeta = {
    preset: old?.preset ?? opts.preset ?? 'fresh',
    timeScale: opts.timeScale ?? old?.timeScale ?? 0.02,
    dockerUser: old?.dockerUser ?? opts.dockerUser ?? 'labops',
    createdAt: old?.createdAt ?? Date.now(),
  };
  writeFileSync(join(stateDir, 'sim.json'), `${JSON.stringify(meta, null, 2)}\n`);
  await initCloud(stateDir, meta.preset, { jujuVersion: opts.jujuVersion, dockerUser: meta.dockerUser });
  // Pods and instance servers of a lab process that was killed outright still run: end them.
  const orphans = (await reapOrphans(stateDir)) + (await reapOrphans(join(stateDir, 'kube')));
  if (orphans) opts.log?.('ended processes left by an earlier lab', { count: orphans });
  const kube = await startKubeSim({
    stateDir,
    timeScale: meta.timeScale,
    resolveImage: (ref) => resolveImage(stateDir, ref),
    loadBalancerReady: () => isOctaviaActive(stateDir),
    loadBalancerMembers: (nodePort) => lbMemberGate(stateDir, nodePort),
    log: opts.log,
  });
  const env: Record<string, string> = {
    PATH: `${simBinDir()}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LABOPS_SIM_DIR: stateDir,
    LABOPS_SIM_TIME_SCALE: String(meta.timeScale),
    OS_CLOUD: SIM_CLOUD,
    OS_CLIENT_CONFIG_FILE: writeSimCloudsYaml(stateDir),
    LABOPS_KUBECONFIG: clientKubeconfig(stateDir),
    LABOPS_DOCKERHUB_USER: meta.dockerUser,
  };
  if (!old) await firstStart(stateDir, meta, kube, env);
  // A real cluster keeps its API address across restarts; the simulated one listens on a new
  // port, so the kubeconfig `/deploy k8s` fetched is brought up to date.
  else if (existsSync(clientKubeconfig(stateDir)))
    copyFileSync(kube.kubeconfigPath, clientKubeconfig(stateDir));
  const instances = new InstanceServers(stateDir, meta.timeScale);
  const containers = new ContainerServers(stateDir);
  let syncing = false;
  const timer = setInterval(async () => {
    if (syncing) return;
    syncing = true;
    try {
      await instances.sync();
      await containers.sync();
      await syncOctavia(stateDir, kube.url);
    } catch (err) {
      opts.log?.('sim sync failed', { err: String(err) });
    } finally {
      syncing = false;
    }
  }, 500);
  return {
    stateDir,
    meta,
    kube,
    env,
    close: async () => {
      clearInterval(timer);
      await instances.close();
      await containers.close();
      await kube.close();
    },
  };
}

/** What a student's `main` already has at the start: a Docker Hub login, and with `ready` a kubeconfig. */
async function firstStart(
  stateDir: string,
  meta: SimMeta,
  kube: KubeSim,
  env: Record<string, string>,
): Promise<void> {
  const exec = createExec({ redact: (s) => s, baseEnv: { ...process.env, ...env } });
  await exec({
    argv: ['docker', 'login', '-u', meta.dockerUser, '--password-stdin'],
    input: 'simulated-hub-token\n',
    timeoutMs: 30_000,
  });
  if (meta.preset === 'ready' || (await isKubernetesDeployed(stateDir))) {
    mkdirSync(dirname(clientKubeconfig(stateDir)), { recursive: true });
    copyFileSync(kube.kubeconfigPath, clientKubeconfig(stateDir));
  }
  await exec.close();
}
