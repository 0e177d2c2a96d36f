import { readFileSync } from 'node:fs';
import type { JobData } from '../../../jobs/definitions.js';
import { UserError } from '../../../shared/errors.js';
import { ExecError } from '../../../shared/exec.js';
import type { RecipeContext } from '../../context.js';
import { k8sModelRef } from '../../lab-tools.js';
import type { Step } from '../../recipe.js';
import { withHomeFiles } from '../../tools/common/home-files.js';
import {
  type Argv,
  addCloudArgv,
  addCredentialArgv,
  bootstrapArgv,
  modelConstraintsArgv,
  updateCloudArgv,
  updateCredentialArgv,
} from '../../tools/juju/argv.js';
import { cloudExistsLocally, credentialExistsLocally } from '../../tools/juju/errors.js';
import { cloudsYamlEnv } from '../../tools/openstack/clouds-yaml.js';
import { openstackEnv } from '../../tools/openstack/index.js';
import { internalNetwork } from '../webserver/instance.js';
import { cloudYaml, credentialYaml } from './files.js';

type D = JobData<'deploy-k8s'>;

/** The controller on OpenStack (`<cloud>-regionone`, juju's default name) and the Kubernetes model in it. */
export const controllerOf = (ctx: RecipeContext) => k8sModelRef(ctx.config).controller;
export const k8sModelName = (ctx: RecipeContext) => k8sModelRef(ctx.config).model;

/** The models of the controller, or null when it does not exist (not bootstrapped yet). */
export async function controllerModels(ctx: RecipeContext): Promise<string[] | null> {
  try {
    const r = await ctx.exec({
      argv: ['juju', 'models', '-c', controllerOf(ctx), '--format=json'],
      timeoutMs: 60_000,
      capture: 'full',
    });
    const doc = JSON.parse(r.stdout) as { models?: { 'short-name'?: string; name?: string }[] };
    return (doc.models ?? []).map((m) => m['short-name'] ?? m.name?.split('/').pop() ?? '');
  } catch (err) {
    if (err instanceof ExecError && err.tail.some((l) => /not found/.test(l))) return null;
    throw err;
  }
}

/**
 * In a dry run, whether the Kubernetes model is not there yet: the earlier steps' bootstrap
 * and `add-model` were only recorded, so a later step's check cannot ask juju about the model
 * (`ERROR controller … not found`) and its own commands would run once those steps have.
 */
export async function modelComesFromDryRun(ctx: RecipeContext): Promise<boolean> {
  if (!ctx.dryRun) return false;
  if ((await controllerModels(ctx))?.includes(k8sModelName(ctx))) return false;
  ctx.say(`model ${controllerOf(ctx)}:${k8sModelName(ctx)} would be added by the earlier steps`);
  return true;
}

/** The openrc variables juju needs: from the openrc file, else from the `OS_CLOUD` entry of clouds.yaml. */
async function osEnv(ctx: RecipeContext): Promise<Record<string, string>> {
  const env = await openstackEnv(
    {
      OS_CLOUD: ctx.env.OS_CLOUD || undefined,
      openrcPath: ctx.config.LABOPS_OPENRC,
      OS_CACERT: ctx.env.OS_CACERT || undefined,
    },
    ctx.env,
  );
  if (ctx.env.OS_AUTH_URL || env.OS_AUTH_URL || !env.OS_CLOUD) return env;
  const fromYaml = (await cloudsYamlEnv(env.OS_CLOUD, ctx.env)) ?? {};
  if (fromYaml.OS_PASSWORD) ctx.secret(fromYaml.OS_PASSWORD);
  return { ...fromYaml, ...env };
}

/**
 * Runs `add`; when juju answers that the definition exists locally (`exists` matches its
 * text), runs `update` instead, so a retried `/deploy k8s` gets past its first steps.
 */
async function addOrUpdate(ctx: RecipeContext, add: Argv, update: Argv, exists: RegExp): Promise<void> {
  try {
    await ctx.exec({ argv: add, timeoutMs: 60_000, mutates: true });
  } catch (err) {
    if (!(err instanceof ExecError) || !exists.test(err.tail.join('\n'))) throw err;
    await ctx.exec({ argv: update, timeoutMs: 60_000, mutates: true });
  }
}

/** `juju add-cloud --client` + `juju add-credential --client` from the openrc, then `juju bootstrap` on OpenStack. */
export const bootstrap: Step<D> = {
  name: 'OpenStack as a Juju cloud, bootstrap',
  check: async (_d, ctx) =>
    (await controllerModels(ctx)) ? `controller ${controllerOf(ctx)} exists` : false,
  apply: async (_d, ctx) => {
    const cloud = ctx.config.LABOPS_K8S_CLOUD;
    const env = { ...ctx.env, ...(await osEnv(ctx)) };
    if (!env.OS_AUTH_URL)
      throw new UserError(
        'CONFIG',
        `the Keystone URL is unknown: set LABOPS_OPENRC to the openrc file (it exports OS_AUTH_URL)${env.OS_CLOUD ? `, or give cloud ${env.OS_CLOUD} an auth_url in clouds.yaml` : ''}`,
      );
    const region = env.OS_REGION_NAME ?? 'RegionOne';
    const v = await ctx.tools.juju.version();
    let caCert: string | undefined;
    if (env.OS_CACERT) {
      try {
        caCert = readFileSync(env.OS_CACERT, 'utf8');
      } catch (err) {
        throw new UserError(
          'CONFIG',
          `OS_CACERT names ${env.OS_CACERT}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? err}): juju needs that CA to trust Keystone`,
        );
      }
    }
    await withHomeFiles(
      ctx.env,
      'k8s-cloud',
      {
        'cloud.yaml': cloudYaml(cloud, env.OS_AUTH_URL, region, caCert),
        'credentials.yaml': credentialYaml(cloud, env),
      },
      async (f) => {
        const cloudFile = f['cloud.yaml'] as string;
        const credFile = f['credentials.yaml'] as string;
        await addOrUpdate(
          ctx,
          addCloudArgv(cloud, cloudFile),
          updateCloudArgv(cloud, cloudFile),
          cloudExistsLocally,
        );
        await addOrUpdate(
          ctx,
          addCredentialArgv(v, cloud, credFile),
          updateCredentialArgv(cloud, credFile),
          credentialExistsLocally,
        );
      },
    );
    const os = ctx.tools.openstack;
    const net = await internalNetwork(ctx);
    const ext =
      ctx.config.LABOPS_OS_EXTERNAL_NETWORK ??
      (await os.networkList({ external: true }))[0]?.name ??
      'ext_net';
    await ctx.exec({
      argv: bootstrapArgv(v, {
        cloud,
        region,
        controller: controllerOf(ctx),
        network: net,
        externalNetwork: ext,
      }),
      timeoutMs: 40 * 60_000,
      mutates: true,
    });
    return `controller ${controllerOf(ctx)} bootstrapped on ${cloud}`;
  },
  timeoutMs: 45 * 60_000,
  timeoutHint:
    'bootstrap did not finish: the image metadata (a Jammy image in Glance), quota and the floating IP network',
};

/** `juju add-model k8s` on that controller. */
export const addModel: Step<D> = {
  name: 'model k8s',
  check: async (_d, ctx) =>
    (await controllerModels(ctx))?.includes(k8sModelName(ctx)) ? `model ${k8sModelName(ctx)} exists` : false,
  apply: async (_d, ctx) => {
    await ctx.exec({
      argv: ['juju', 'add-model', '-c', controllerOf(ctx), k8sModelName(ctx)],
      timeoutMs: 5 * 60_000,
      mutates: true,
    });
    const constraints = modelConstraintsArgv(
      await ctx.tools.juju.version(),
      `${controllerOf(ctx)}:${k8sModelName(ctx)}`,
    );
    if (constraints) await ctx.exec({ argv: constraints, timeoutMs: 60_000, mutates: true });
    return `model ${k8sModelName(ctx)} added`;
  },
  timeoutMs: 6 * 60_000,
};
