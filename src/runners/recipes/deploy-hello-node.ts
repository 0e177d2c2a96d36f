import type { JobData } from '../../jobs/definitions.js';
import { Codes, UserError } from '../../shared/errors.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import { kubeChange } from './common/kube-change.js';
import { waitDeploymentReady } from './common/kube-wait.js';
import { hubRef, hubUser } from './image/hub-user.js';

type D = JobData<'deploy-hello-node'>;
/** What the steps hand on: the image the deployment runs and its replica count. */
interface S {
  image?: string;
  replicas?: number;
}
const NAME = 'hello-node';
const PORT = 8080;

/**
 * `LABOPS_IMAGE_PULL_SECRET`, checked to exist as a registry credential: the kubelet would
 * otherwise pull anonymously, under Docker Hub's per-IP limit, with only an event to say so.
 */
export async function pullSecret(ctx: RecipeContext): Promise<string | undefined> {
  const name = ctx.config.LABOPS_IMAGE_PULL_SECRET;
  if (!name) return undefined;
  const type = await ctx.tools.kube.secretType(name);
  const create = `\`kubectl create secret docker-registry ${name} --docker-username=<Docker Hub user> --docker-password=<access token>\``;
  if (type === null)
    throw new UserError(
      Codes.config,
      `LABOPS_IMAGE_PULL_SECRET names the Secret ${name}, which namespace ${ctx.tools.kube.namespace} does not have: create it with ${create}`,
    );
  if (type !== 'kubernetes.io/dockerconfigjson' && type !== 'kubernetes.io/dockercfg')
    throw new UserError(
      Codes.config,
      `the Secret ${name} (LABOPS_IMAGE_PULL_SECRET) is of type ${type}, not a registry credential (kubernetes.io/dockerconfigjson): create one with ${create}`,
    );
  return name;
}

/**
 * `/deploy hello-node [tag]`: `kubectl create deployment hello-node --image=<user>/hello-node:<tag>
 * --port=8080`. Not `kubectl run` (the guide's command), which since kubectl 1.18 makes a bare
 * pod that `/scale` and `/rollout` cannot change.
 */
export const deployHelloNode = {
  job: 'deploy-hello-node',
  settings: (ctx) => void hubUser(ctx),
  requires: ['kubernetes'],
  steps: [
    {
      name: 'create deployment hello-node',
      check: async (d, ctx) => {
        hubUser(ctx);
        const existing = await ctx.tools.kube.getDeployment(NAME);
        if (!existing) return false;
        const image = existing.spec?.template.spec?.containers[0]?.image ?? '?';
        ctx.state.image = image;
        ctx.state.replicas = existing.spec?.replicas ?? 1;
        const wanted = hubRef(ctx, NAME, d.tag);
        return image === wanted
          ? `deployment ${NAME} exists with ${image}`
          : `deployment ${NAME} exists with ${image} (use \`/rollout ${d.tag}\` to change its image)`;
      },
      apply: async (d, ctx) => {
        const image = hubRef(ctx, NAME, d.tag);
        ctx.state.image = image;
        ctx.state.replicas = 1;
        const secret = await pullSecret(ctx);
        await kubeChange(ctx, ['create', 'deployment', NAME, `--image=${image}`, `--port=${PORT}`], () =>
          ctx.tools.kube.createDeployment(NAME, image, PORT, 1, { secret }),
        );
        return `created deployment ${NAME} with ${image} (imagePullPolicy Always${secret ? `, pull secret ${secret}` : ''})`;
      },
      wait: (_d, ctx) => waitDeploymentReady(ctx, NAME, 1),
      timeoutMs: 5 * 60_000,
      timeoutHint:
        'the pod did not become ready: `kubectl get pods` and `kubectl describe pod` show why (image name, Docker Hub push, node resources)',
    },
    {
      name: 'pods ready',
      check: async (_d, ctx) => {
        const dep = await ctx.tools.kube.getDeployment(NAME);
        const want = dep?.spec?.replicas ?? 1;
        return (dep?.status?.readyReplicas ?? 0) >= want ? `${want}/${want} ready` : false;
      },
      apply: async () => undefined,
      wait: async (_d, ctx) => {
        const dep = await ctx.tools.kube.getDeployment(NAME);
        return waitDeploymentReady(ctx, NAME, dep?.spec?.replicas ?? 1);
      },
      timeoutMs: 5 * 60_000,
      timeoutHint: '`kubectl get pods -l app=hello-node` shows which pods are not ready and why',
    },
  ],
  result: (d, ctx) => ({
    summary: ctx.dryRun
      ? `dry run: would create deployment ${NAME} with ${ctx.tools.docker.hubRef(NAME, d.tag)}`
      : `deployment ${NAME} runs ${ctx.state.image}`,
    fields: [
      { name: 'image', value: ctx.state.image ?? ctx.tools.docker.hubRef(NAME, d.tag) },
      { name: 'try', value: '`kubectl get all`; then `/scale hello-node 5` and `/expose loadbalancer`' },
    ],
  }),
} satisfies Recipe<D, S>;
