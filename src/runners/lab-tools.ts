import type { RecipeContext } from './context.js';
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
}

interface Bound {
  ctx: RecipeContext;
  tools: LabTools;
  kube?: Kube;
}

/** One set of adapters per job (keyed by its `vars`, which every step's context shares). */
const perJob = new WeakMap<object, Bound>();

/**
 * The Kubernetes model as `controller:model`. The controller on OpenStack is the one
 * `juju bootstrap <cloud>/RegionOne` names by default (`<cloud>-regionone`), so commands
 * never depend on which controller the student switched to last.
 */
export function k8sModelRef(config: RecipeContext['config']): {
  controller: string;
  model: string;
  ref: string;
} {
  const [a, b] = config.LABOPS_JUJU_K8S_MODEL.split(':');
  const controller = b === undefined ? `${config.LABOPS_K8S_CLOUD}-regionone` : (a as string);
  const model = b ?? (a as string);
  return { controller, model, ref: `${controller}:${model}` };
}

/**
 * The adapters for the step running with `ctx`. They are built once per job, so the Juju
 * client version is detected once, and each call goes through the current step's `exec`
 * and signal, so a step's timeout also stops the commands it started.
 */
export function labTools(ctx: RecipeContext): LabTools {
  const existing = perJob.get(ctx.vars);
  if (existing) {
    existing.ctx = ctx;
    return existing.tools;
  }
  const bound = { ctx } as Bound;
  const exec: RecipeContext['exec'] = (spec) => bound.ctx.exec(spec);
  // Getters: the adapters read `signal` at call time, so it follows the current step.
  const live = {
    get signal() {
      return bound.ctx.signal;
    },
  };
  const { config, env } = ctx;
  const kubeconfigPath = kubeconfigPathOf(ctx);
  const juju = createJuju(
    Object.assign(Object.create(live), {
      exec,
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
  bound.tools = {
    juju,
    openstack,
    docker,
    kubeconfigPath,
    get kube() {
      bound.kube ??= createKube(
        Object.assign(Object.create(live), {
          kubeconfigPath,
          dryRun: bound.ctx.dryRun,
          pollMs: 500,
        }),
      );
      return bound.kube;
    },
  };
  perJob.set(ctx.vars, bound);
  return bound.tools;
}
