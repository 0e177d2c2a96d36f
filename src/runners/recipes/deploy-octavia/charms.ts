import type { JobData } from '../../../jobs/definitions.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { channelsOf, metalMachines, missingFromStatus, octaviaPlan } from './plan.js';

type D = JobData<'deploy-octavia'>;

/** What the charms step hands on: what its check found missing. */
export interface CharmsState {
  missing?: Awaited<ReturnType<typeof missing>>;
}

async function missing(ctx: RecipeContext) {
  const s = await ctx.tools.juju.status();
  return missingFromStatus(s, octaviaPlan(channelsOf(s), metalMachines(s)));
}

/**
 * Barbican + barbican-vault, Octavia, their mysql-routers, octavia-ovn-chassis,
 * octavia-dashboard, glance-simplestreams-sync and octavia-diskimage-retrofit, with the
 * relations of LAB.md step 2. Only what `juju status` does not show yet is deployed or related,
 * so a run killed halfway picks up where it stopped.
 */
export const charms: Step<D, CharmsState> = {
  name: 'deploy the Octavia charms and relations',
  check: async (_d, ctx) => {
    const m = await missing(ctx);
    ctx.state.missing = m;
    return m.apps.length === 0 && m.relations.length === 0
      ? 'every application and relation is in place'
      : false;
  },
  apply: async (_d, ctx) => {
    const m = ctx.state.missing ?? (await missing(ctx));
    const { juju } = ctx.tools;
    for (const a of m.apps) {
      ctx.say(`juju deploy ${a.charm} ${a.name}`);
      await juju.deploy(a.charm, {
        name: a.name === a.charm ? undefined : a.name,
        channel: a.channel,
        to: a.to,
        config: a.config,
      });
    }
    for (const [a, b] of m.relations) await juju.integrate(a, b);
    // Octavia's ports need port security on Neutron (charm-guide load-balancing).
    if ((await juju.getConfig('neutron-api', 'enable-ml2-port-security').catch(() => '')) !== 'true')
      await juju.config('neutron-api', { 'enable-ml2-port-security': 'True' });
    return `deployed ${m.apps.length} applications, ${m.relations.length} relations`;
  },
  wait: async (_d, ctx) => {
    // Octavia stays blocked until it has certificates; everything else must settle.
    await ctx.tools.juju.waitFor(
      {
        barbican: 'active',
        'barbican-vault': 'active',
        octavia: ['blocked', 'active'],
        'glance-simplestreams-sync': ['active', 'unknown', 'blocked'],
      },
      { timeoutMs: 50 * 60_000, intervalMs: 10_000, signal: ctx.signal, stuckAfterMs: 50 * 60_000 },
    );
    return 'Barbican is active; Octavia waits for its certificates';
  },
  timeoutMs: 55 * 60_000,
  timeoutHint: 'the new units did not settle: `juju status barbican octavia` shows which one and why',
};
