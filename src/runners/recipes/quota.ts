import type { JobData } from '../../jobs/definitions.js';
import { labTools } from '../lab-tools.js';
import type { Recipe } from '../recipe.js';

type D = JobData<'quota'>;

/** The lab's project id: quotas are set by id, as the guide does (`openstack project show … -c id`). */
async function projectId(ctx: Parameters<Recipe<D>['result']>[1]): Promise<string> {
  const cached = ctx.vars.projectId as string | undefined;
  if (cached) return cached;
  const id = await labTools(ctx).openstack.projectId(
    ctx.config.LABOPS_OS_PROJECT,
    ctx.config.LABOPS_OS_DOMAIN,
  );
  ctx.vars.projectId = id;
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
        const q = await labTools(ctx).openstack.quotaShow(await projectId(ctx));
        ctx.vars.before = q;
        return q.cores === d.cores && q.instances === d.instances
          ? `cores ${d.cores} and instances ${d.instances} already set`
          : false;
      },
      apply: async (d, ctx) => {
        await labTools(ctx).openstack.quotaSet(await projectId(ctx), {
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
        const q = await labTools(ctx).openstack.quotaShow(await projectId(ctx));
        ctx.vars.after = q;
        return `cores ${q.cores ?? '?'}, instances ${q.instances ?? '?'}, ram ${q.ram ?? '?'} MB`;
      },
      timeoutMs: 2 * 60_000,
    },
  ],
  result: (d, ctx) => {
    const q = (ctx.vars.after ?? {}) as Record<string, number>;
    const b = (ctx.vars.before ?? {}) as Record<string, number>;
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
} satisfies Recipe<D>;
