import type { JobData } from '../../jobs/definitions.js';
import type { Recipe } from '../recipe.js';
import { amphoraImage } from './deploy-octavia/amphora.js';
import { certificates } from './deploy-octavia/certificates.js';
import { type CharmsState, charms } from './deploy-octavia/charms.js';
import { gotWorse, refuseIfUnhealthy, type Snapshot, snapshot } from './deploy-octavia/health.js';
import { configureResources, loadBalancerRole } from './deploy-octavia/resources.js';
import { type VaultState, vault } from './deploy-octavia/vault.js';

type D = JobData<'deploy-octavia'>;
/** What the steps hand on: the health snapshot before, what got worse after, and the charms' and Vault's findings. */
type S = CharmsState & VaultState & { before?: Snapshot; worse?: string[] };

/**
 * `/deploy octavia` (LAB.md steps 0–2): refuses to start on an unhealthy cloud, then Vault,
 * the charms, certificates, the amphora image, configure-resources and the role, and a
 * second health snapshot compared with the first ("sem causar degradação").
 */
export const deployOctavia = {
  job: 'deploy-octavia',
  requires: ['juju-model'],
  steps: [
    {
      name: 'health snapshot (before)',
      apply: async (_d, ctx) => {
        const s = await snapshot(ctx);
        ctx.state.before = s;
        refuseIfUnhealthy(s);
        return `${s.units} units, ${s.notReady.length} not active/idle; ${s.services.length} OpenStack services answer`;
      },
      timeoutMs: 3 * 60_000,
      timeoutHint:
        'is the Juju controller reachable (`juju status`) and is the openrc right (`openstack service list`)?',
    },
    vault,
    charms,
    certificates,
    amphoraImage,
    configureResources,
    loadBalancerRole,
    {
      name: 'health snapshot (after)',
      apply: async (_d, ctx) => {
        const after = await snapshot(ctx);
        const { before } = ctx.state;
        if (!before) throw new Error('the health snapshot (before) did not run');
        const worse = gotWorse(before, after);
        ctx.state.worse = worse;
        return worse.length ? `got worse: ${worse.join('; ')}` : 'no existing service got worse';
      },
      timeoutMs: 3 * 60_000,
    },
  ],
  result: (_d, ctx) => {
    const worse = ctx.state.worse ?? [];
    return {
      summary: ctx.dryRun
        ? 'dry run: the commands below would install Octavia'
        : worse.length
          ? `Octavia is active, but ${worse.length} existing service(s) got worse`
          : 'Octavia is active and `openstack loadbalancer list` answers; nothing else got worse',
      fields: [
        ...(worse.length ? [{ name: 'got worse', value: worse.join('\n') }] : []),
        { name: 'next', value: '`/quota`, then `/deploy webserver`' },
      ],
    };
  },
} satisfies Recipe<D, S>;
