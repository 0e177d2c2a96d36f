import type { JobData } from '../../jobs/definitions.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import type { Quota } from '../tools/openstack/quota.js';

type D = JobData<'quota'>;
/** What the steps hand on: the project's id and its quota before and after the change. */
interface S {
  projectId?: string;
  before?: Quota;
  after?: Quota;
}

/** The lab's project id: quotas are set by id, as the guide does (`openstack project show … -c id`). */
async function projectId(ctx: RecipeContext<S>): Promise<string> {
  const cached = ctx.state.projectId;
  if (cached) return cached;
  const id = await ctx.tools.openstack.projectId(ctx.config.LABOPS_OS_PROJECT, ctx.config.LABOPS_OS_DOMAIN);
  ctx.state.projectId = id;
  return id;
}

/** `/quota [cores] [instances]`: `openstack quota set --cores N --instances M <project>`, then the new limits. */
export const quota = {
  job: 'quota',
  requires: ['openstack'],
  steps: [
    {
      name: 'quota set',
      check: async (d, ctx) => {
        const q = await ctx.tools.openstack.quotaShow(await projectId(ctx));
        ctx.state.before = q;
        return q.cores === d.cores && q.instances === d.instances
          ? `cores ${d.cores} and instances ${d.instances} already set`
          : false;
      },
      apply: async (d, ctx) => {
        await ctx.tools.openstack.quotaSet(await projectId(ctx), {
          cores: d.cores,
          instances: d.instances,
        });
        return `cores ${d.cores}, instances ${d.instances}`;
      },
      timeoutMs: 2 * 60_000,
      timeoutHint: 'is Keystone answering (`openstack project list`)?',
    },
    {
      name: 'quota show',
      // Read-only, so it also runs in a dry run.
      apply: async (_d, ctx) => {
        const q = await ctx.tools.openstack.quotaShow(await projectId(ctx));
        ctx.state.after = q;
        return `cores ${q.cores ?? '?'}, instances ${q.instances ?? '?'}, ram ${q.ram ?? '?'} MB`;
      },
      timeoutMs: 2 * 60_000,
    },
  ],
  result: (d, ctx) => {
    const q: Partial<Quota> = ctx.state.after ?? {};
    const b: Partial<Quota> = ctx.state.before ?? {};
    return {
      summary: ctx.dryRun
        ? `dry run: would set cores ${d.cores} and instances ${d.instances} on ${ctx.config.LABOPS_OS_PROJECT}`
        : `project ${ctx.config.LABOPS_OS_PROJECT}: cores ${q.cores}, instances ${q.instances}`,
      fields: [
        { name: 'cores', value: `${b.cores ?? '?'} → ${q.cores ?? '?'}` },
        { name: 'instances', value: `${b.instances ?? '?'} → ${q.instances ?? '?'}` },
        { name: 'ram (MB)', value: String(q.ram ?? '?') },
      ],
    };
  },
} satisfies Recipe<D, S>;
