import type { JobData } from '../../jobs/definitions.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import { type JujuStatusSummary, parseJujuStatus } from '../tools/juju/status-parse.js';

/**
 * `/status`: what is deployed on the OpenStack model and what is unhealthy. Read-only: it
 * runs the same in dry-run mode.
 */
export const status = {
  job: 'status',
  steps: [
    {
      name: 'juju status',
      apply: async (_d, ctx) => {
        const out = await ctx.exec({
          argv: ['juju', 'status', '--format=json', '-m', ctx.config.LABOPS_JUJU_MODEL],
          timeoutMs: 90_000,
          capture: 'full',
        });
        const summary = parseJujuStatus(out.stdout);
        ctx.vars.juju = summary;
        return `${summary.counts.units} units, ${summary.counts.unhealthy} unhealthy`;
      },
      timeoutMs: 100_000,
      timeoutHint: 'is the Juju controller reachable from this runner (`juju status` by hand)?',
    },
  ],
  result: (_d, ctx) => describe(ctx),
} satisfies Recipe<JobData<'status'>>;

function describe(ctx: RecipeContext) {
  const s = ctx.vars.juju as JujuStatusSummary | undefined;
  if (!s) return { summary: 'no status collected (dry run)', fields: [] };
  const bad = s.unhealthy
    .slice(0, 10)
    .map((u) => `${u.name}: ${u.workload}/${u.agent}${u.message ? ` — ${u.message}` : ''}`);
  const apps = s.applications.map((a) => `${a.name} (${a.status})`).join(', ');
  return {
    summary:
      s.unhealthy.length === 0
        ? `${s.model.name}: all ${s.counts.units} units active`
        : `${s.model.name}: ${s.unhealthy.length} of ${s.counts.units} units need attention`,
    fields: [
      {
        name: 'model',
        value: `${s.model.controller ?? '?'}:${s.model.name} (Juju ${s.model.version ?? '?'})`,
      },
      { name: 'applications', value: apps.length > 900 ? `${apps.slice(0, 900)}…` : apps || 'none' },
      {
        name: 'units',
        value: `${s.counts.active} active of ${s.counts.units}; ${s.counts.machines} machines`,
      },
      ...(bad.length ? [{ name: 'unhealthy', value: bad.join('\n') }] : []),
    ],
    data: { juju: s },
  };
}
