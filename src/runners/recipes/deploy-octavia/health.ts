import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { UnitHealth } from '../../tools/juju/client.js';
import { STACK } from './plan.js';

/** What "healthy" meant at one moment: units not active/idle, and OpenStack services answering. */
export interface Snapshot {
  units: number;
  notReady: Pick<UnitHealth, 'unit' | 'workload' | 'agent' | 'message'>[];
  services: string[];
  servicesError?: string;
}

const inStack = (unit: string) => (STACK as readonly string[]).includes(unit.split('/')[0] ?? '');

/** Takes a snapshot: `juju status` of the OpenStack model, `openstack service list`, and nova, neutron and glance answering. */
export async function snapshot(ctx: RecipeContext): Promise<Snapshot> {
  const { juju, openstack } = ctx.tools;
  const h = await juju.healthSnapshot();
  let services: string[] = [];
  let servicesError: string | undefined;
  try {
    // The catalog lists what is registered; compute, network and image must also answer.
    for (const [what, call] of [
      [
        'keystone (`openstack service list`)',
        async () => {
          services = (await openstack.serviceList()).map((s) => s.name).sort();
        },
      ],
      ['nova (`openstack server list`)', () => openstack.serverList()],
      ['neutron (`openstack network list`)', () => openstack.networkList()],
      ['glance (`openstack image list`)', () => openstack.imageList()],
    ] as const) {
      try {
        await call();
      } catch (err) {
        throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } catch (err) {
    servicesError = err instanceof Error ? err.message : String(err);
  }
  return {
    units: h.units,
    notReady: h.notReady.map(({ unit, workload, agent, message }) => ({ unit, workload, agent, message })),
    services,
    servicesError,
  };
}

/**
 * Pure: why the cloud is too unhealthy to start, or undefined. Units of the Octavia stack
 * itself (a run killed halfway left them blocked) and a sealed Vault (the next step unseals
 * it) do not count; units still executing hooks do not either.
 */
export function unhealthyReasons(s: Snapshot): string[] {
  const bad = s.notReady.filter(
    (u) =>
      !inStack(u.unit) &&
      !/Unit is sealed/.test(u.message) &&
      !(u.workload === 'active' && u.agent === 'executing'),
  );
  const reasons = bad
    .slice(0, 8)
    .map((u) => `${u.unit} is ${u.workload}/${u.agent}${u.message ? ` (${u.message})` : ''}`);
  if (bad.length > 8) reasons.push(`and ${bad.length - 8} more units`);
  if (s.servicesError) reasons.push(`OpenStack does not answer: ${s.servicesError}`);
  return reasons;
}

export function refuseIfUnhealthy(s: Snapshot): void {
  const reasons = unhealthyReasons(s);
  if (reasons.length)
    throw new UserError(
      Codes.unhealthy,
      `the cloud is not healthy, so Octavia was not started (it must not degrade what runs): ${reasons.join('; ')}. Fix these first (\`juju status\`), then \`/deploy octavia\` again.`,
    );
}

/** Pure: what got worse between two snapshots (units that were fine and are not, services that vanished). */
export function gotWorse(before: Snapshot, after: Snapshot): string[] {
  const wasBad = new Set(before.notReady.map((u) => u.unit));
  const worse = after.notReady
    .filter(
      (u) => !inStack(u.unit) && !wasBad.has(u.unit) && !(u.workload === 'active' && u.agent === 'executing'),
    )
    .map((u) => `${u.unit} is now ${u.workload}/${u.agent}${u.message ? ` (${u.message})` : ''}`);
  for (const s of before.services)
    if (!after.services.includes(s)) worse.push(`OpenStack service ${s} no longer listed`);
  if (after.servicesError && !before.servicesError)
    worse.push(`OpenStack stopped answering: ${after.servicesError}`);
  return worse;
}
