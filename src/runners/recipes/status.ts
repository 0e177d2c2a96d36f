import type { GuidePath } from '../../evidence/render/guide-path.js';
import type { JobData } from '../../jobs/definitions.js';
import type { RecipeContext } from '../context.js';
import type { Recipe } from '../recipe.js';
import { type JujuStatusSummary, parseJujuStatus } from '../tools/juju/status-parse.js';
import { nextLine } from './next/path.js';
import { readGuidePath } from './next.js';
import { kubeSide, openstackSide } from './status/sides.js';

/** What the steps hand on: each side's reading and the guide's path. */
interface S {
  juju?: JujuStatusSummary;
  openstack?: Awaited<ReturnType<typeof openstackSide>>;
  kube?: Awaited<ReturnType<typeof kubeSide>>;
  path?: GuidePath;
}

/**
 * `/status`: Juju, OpenStack and Kubernetes side by side: what is deployed, what is
 * unhealthy, and the next step of the guide. Read-only: it runs the same in dry-run mode.
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
        ctx.state.juju = summary;
        return `${summary.counts.units} units, ${summary.counts.unhealthy} unhealthy`;
      },
      timeoutMs: 100_000,
      timeoutHint: 'is the Juju controller reachable from this runner (`juju status` by hand)?',
    },
    {
      name: 'openstack',
      apply: async (_d, ctx) => {
        const os = await openstackSide(ctx);
        ctx.state.openstack = os;
        return os.ok
          ? `${os.services.length} services, ${os.loadBalancers.length} load balancers`
          : `unreachable: ${os.error}`;
      },
      timeoutMs: 100_000,
    },
    {
      name: 'kubernetes',
      apply: async (_d, ctx) => {
        const k = await kubeSide(ctx);
        ctx.state.kube = k;
        return k.ok
          ? `hello-node: ${k.helloNode ? `${k.helloNode.ready}/${k.helloNode.replicas} ready` : 'not deployed'}`
          : k.error.startsWith('not deployed')
            ? k.error
            : `unreachable: ${k.error}`;
      },
      timeoutMs: 60_000,
    },
    {
      name: 'next step',
      apply: async (d, ctx) => {
        const path = await readGuidePath(ctx, d.passed);
        ctx.state.path = path;
        return nextLine(path);
      },
      timeoutMs: 180_000,
    },
  ],
  result: (_d, ctx) => describe(ctx),
} satisfies Recipe<JobData<'status'>, S>;

function describe(ctx: RecipeContext<S>) {
  const s = ctx.state.juju;
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
      ...sideFields(ctx),
    ],
    data: { juju: s, openstack: ctx.state.openstack, kube: ctx.state.kube, path: ctx.state.path },
  };
}

function sideFields(ctx: RecipeContext<S>) {
  const { openstack: os, kube: k, path } = ctx.state;
  const lbs = os?.ok ? os.loadBalancers.map((l) => `${l.name} ${l.state}`).join(', ') : '';
  return [
    {
      name: 'openstack',
      value: !os
        ? '?'
        : os.ok
          ? `web-server: ${os.webServer ?? 'none'}; Octavia: ${os.services.includes('octavia') ? 'yes' : 'no'}${lbs ? `; LBs: ${lbs}` : ''}`
          : `unreachable: ${os.error}`,
    },
    {
      name: 'kubernetes',
      value: !k
        ? '?'
        : k.ok
          ? `hello-node: ${k.helloNode ? `${k.helloNode.ready}/${k.helloNode.replicas} ready, ${k.helloNode.image}` : 'not deployed'}; service: ${k.service ? `${k.service.type}${k.service.external ? ` ${k.service.external}` : ''}` : 'none'}`
          : k.error.startsWith('not deployed')
            ? k.error
            : `unreachable: ${k.error}`,
    },
    { name: 'next', value: path ? nextLine(path) : '?' },
  ];
}
