import { publishedPort } from '../../evidence/index.js';
import type { JobData } from '../../jobs/definitions.js';
import { Codes, UserError } from '../../shared/errors.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import { converge } from '../steps.js';
import { sameImageRef } from '../tools/docker/index.js';
import { ruleAllows } from '../tools/openstack/index.js';
import { dockerHostAddress } from './checkpoint/lab-port.js';
import { getAnswer } from './common/http-answer.js';
import { SG } from './webserver/security-group.js';

type D = JobData<'image-run'>;
/** What the steps hand on: the container's answer. */
interface S {
  answer?: string;
}

/**
 * The host port the container is published on. The guide runs `-p 8080:8080`, but on the web
 * server (DOCKER_HOST=ssh://ubuntu@<floating IP>) `/deploy webserver`'s own server.js already
 * listens on 8080, so Docker would refuse with `port is already allocated` / `address already
 * in use`: the container takes 8081, and checkpoint 2 finds its page on whatever host port
 * `docker container ls` shows for it.
 */
export const HOST_PORT = 8081;
const CONTAINER_PORT = 8080;

const image = (d: D) => `hello-node:${d.tag}`;
const address = (ctx: RecipeContext) => dockerHostAddress(ctx.env.DOCKER_HOST);
const url = (ctx: RecipeContext) => `http://${address(ctx)}:${HOST_PORT}/`;
const isLocal = (ctx: RecipeContext) => address(ctx) === '127.0.0.1';

/** `/image run <tag>`: the guide's `docker container run -d -p …` of step 5, on the Docker host. */
export const imageRun = {
  job: 'image-run',
  requires: (d) => ['docker-host', { fact: 'image-built', tag: d.tag }],
  steps: [
    {
      // Outside the web server, nothing answers on a port its security group does not open.
      name: `${SG} allows tcp ${HOST_PORT}`,
      check: async (_d, ctx) => {
        if (isLocal(ctx)) return 'the Docker engine is local: no security group in the way';
        const rules = await ctx.tools.openstack.securityGroupRuleList(SG);
        return ruleAllows(rules, 'tcp', HOST_PORT) ? `${SG} allows tcp ${HOST_PORT}` : false;
      },
      apply: async (_d, ctx) => {
        await ctx.tools.openstack.securityGroupRuleCreate(SG, { protocol: 'tcp', dstPort: HOST_PORT });
        return `added tcp ${HOST_PORT} to ${SG}`;
      },
      timeoutMs: 2 * 60_000,
    },
    {
      name: `docker run -d -p ${HOST_PORT}:${CONTAINER_PORT}`,
      check: async (d, ctx) => {
        const c = (await ctx.tools.docker.containers()).find(
          (c) => sameImageRef(c.image, image(d)) && publishedPort(c.ports) === HOST_PORT,
        );
        return c ? `container ${c.names} of ${c.image} runs (${c.ports})` : false;
      },
      apply: async (d, ctx) => {
        const docker = ctx.tools.docker;
        if (!(await docker.images()).some((i) => sameImageRef(`${i.repository}:${i.tag}`, image(d))))
          throw new UserError(
            Codes.imageNotFound,
            `there is no local image ${image(d)}: build it first with \`/image build ${d.tag}\``,
          );
        const r = await docker.run(image(d), { publish: [`${HOST_PORT}:${CONTAINER_PORT}`] });
        return r.kind === 'done'
          ? `container ${r.value.containerId?.slice(0, 12) ?? '?'} started`
          : undefined;
      },
      timeoutMs: 3 * 60_000,
    },
    {
      name: `answers on :${HOST_PORT}`,
      apply: async () => undefined,
      wait: async (_d, ctx) => {
        const a = await converge(
          async () => {
            const r = await getAnswer(url(ctx), 3_000, ctx.signal);
            return r.ok ? r : false;
          },
          { clock: ctx.clock, signal: ctx.signal, intervalMs: 1_000 },
        );
        ctx.state.answer = a.body;
        return `${url(ctx)} answers: ${a.body}`;
      },
      timeoutMs: 2 * 60_000,
      timeoutHint: `nothing answers on :${HOST_PORT}: \`docker container ls\` and \`docker logs <id>\` on the Docker host`,
    },
  ],
  result: (d, ctx) => ({
    summary: ctx.dryRun ? `dry run: would run ${image(d)}` : `${image(d)} answers at ${url(ctx)}`,
    fields: [
      { name: 'container', value: `${image(d)}, published ${HOST_PORT}:${CONTAINER_PORT}` },
      ...(ctx.state.answer ? [{ name: 'answer', value: ctx.state.answer }] : []),
      { name: 'next', value: '`/checkpoint 2`' },
    ],
  }),
} satisfies Recipe<D, S>;
