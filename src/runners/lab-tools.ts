import type { Config } from '../shared/config.js';
import type { Exec } from '../shared/exec.js';
import type { Clock } from './clock.js';
import { kubeconfigPathOf } from './kubeconfig-path.js';
import { createDocker, type Docker } from './tools/docker/index.js';
import { createJuju, type Juju } from './tools/juju/index.js';
import { createKube, type Kube } from './tools/kube/index.js';
import { createOpenstack, type Openstack } from './tools/openstack/index.js';

export { kubeconfigPathOf };

/** The tool adapters of one job, bound to the step that is running. */
export interface LabTools {
  juju: Juju;
  openstack: Openstack;
  docker: Docker;
  /** Created on first use: a missing kubeconfig must not break steps that never touch the cluster. */
  readonly kube: Kube;
  /** Where the cluster's kubeconfig is read from (and written to by `/deploy k8s`). */
  kubeconfigPath: string;
  /**
   * Runs the adapters' commands through `scope` (a step's exec and signal, so the step's
   * timeout also stops what it started) until the returned function restores the previous one.
   */
  use(scope: ToolScope): () => void;
}

/** What the adapters run their commands through: the current step's exec and signal. */
export interface ToolScope {
  exec: Exec;
  signal: AbortSignal;
}

/** What one job's adapters are built from. */
export interface LabToolsOptions {
  config: Config;
  /** The environment the runner was started with (tools read credentials from it). */
  env: NodeJS.ProcessEnv;
  dryRun: boolean;
  clock: Clock;
}

/**
 * The Kubernetes model as `controller:model`. The controller on OpenStack is the one
 * `juju bootstrap <cloud>/RegionOne` names by default (`<cloud>-regionone`), so commands
 * never depend on which controller the student switched to last.
 */
export function k8sModelRef(config: Config): { controller: string; model: string; ref: string } {
  const [a, b] = config.LABOPS_JUJU_K8S_MODEL.split(':');
  const controller = b === undefined ? `${config.LABOPS_K8S_CLOUD}-regionone` : (a as string);
  const model = b ?? (a as string);
  return { controller, model, ref: `${controller}:${model}` };
}

/** The adapters of a context (`ctx.tools`), for code written before they were passed in. */
export function labTools(ctx: { tools: LabTools }): LabTools {
  return ctx.tools;
}

/**
 * The adapters of one job, built once (so the Juju client version is detected once) and
 * running every command through the current scope (see {@link LabTools.use}).
 */
export function createLabTools(o: LabToolsOptions, scope: ToolScope): LabTools {
  let current = scope;
  let kube: Kube | undefined;
  const exec: Exec = (spec) => current.exec(spec);
  // Getters: the adapters read `signal` at call time, so it follows the current step.
  const live = {
    get signal() {
      return current.signal;
    },
  };
  const { config, env, clock } = o;
  const kubeconfigPath = kubeconfigPathOf(o);
  const juju = createJuju(
    Object.assign(Object.create(live), {
      exec,
      clock,
      model: config.LABOPS_JUJU_MODEL,
      k8sModel: k8sModelRef(config).ref,
    }),
  );
  const openstack = createOpenstack(
    Object.assign(Object.create(live), {
      exec,
      project: config.LABOPS_OS_PROJECT,
      baseEnv: env,
      env: {
        OS_CLOUD: env.OS_CLOUD || undefined,
        openrcPath: config.LABOPS_OPENRC,
        OS_CACERT: env.OS_CACERT || undefined,
      },
    }),
  );
  const docker = createDocker(
    Object.assign(Object.create(live), {
      exec,
      dockerHost: env.DOCKER_HOST || undefined,
      // Unset: recipes that name an image refuse first (recipes/image/hub-user.ts).
      user: config.LABOPS_DOCKERHUB_USER ?? '',
      configDir: env.DOCKER_CONFIG || undefined,
    }),
  );
  return {
    juju,
    openstack,
    docker,
    kubeconfigPath,
    get kube() {
      kube ??= createKube(
        Object.assign(Object.create(live), { kubeconfigPath, dryRun: o.dryRun, clock, pollMs: 500 }),
      );
      return kube;
    },
    use(next) {
      const previous = current;
      current = next;
      return () => {
        current = previous;
      };
    },
  };
}
