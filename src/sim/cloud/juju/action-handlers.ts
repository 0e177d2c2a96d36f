import type { Clock } from '../state/clock.js';
import { sha256Hex, uuid } from '../state/ids.js';
import type { AppState, CloudState, ModelState } from '../state/types.js';
import { tokenValid } from '../vault/state.js';
import { findCharm } from './charms.js';
import { definesAction } from './charms-checks.js';
import { viewModel } from './model-view.js';

/**
 * What the lab's charm actions do to the simulated cloud. A handler returns results to print
 * or a failure message (the text the charm passes to `action-fail`).
 */
export interface ActionInput {
  state: CloudState;
  model: ModelState;
  app: AppState;
  unit: number;
  leader: boolean;
  params: Record<string, string>;
  clock: Clock;
}

export type ActionOutcome = { results: Record<string, string> } | { fail: string };

type Handler = (input: ActionInput) => ActionOutcome;

/** The unit has finished installing and its relations have settled. */
function relationsReady(input: ActionInput): boolean {
  const view = viewModel(input.model, input.clock);
  const unit = view.apps
    .find((a) => a.state.name === input.app.name)
    ?.units.find((u) => u.name === `${input.app.name}/${input.unit}`);
  if (unit?.agent.current !== 'idle') return false;
  return !/^(Missing|Incomplete) relations/.test(unit.workload.message);
}

export function addImage(state: CloudState, name: string, tags: string[], now: number): void {
  if (state.openstack.images.some((i) => i.name === name)) return;
  state.openstack.images.push({ id: uuid(), name, status: 'active', tags, createdAt: now });
}

/** The resources `configure-resources` creates (charm-octavia `api_crud.py`). */
export function createLbMgmt(state: CloudState, now: number): void {
  const os = state.openstack;
  if (os.networks.some((n) => n.name === 'lb-mgmt-net')) return;
  const project = os.projects.find((p) => p.name === 'services')?.id ?? os.projects[0]?.id ?? '';
  const net = {
    id: uuid(),
    name: 'lb-mgmt-net',
    external: false,
    subnetIds: [] as string[],
    projectId: project,
    createdAt: now,
    tags: ['charm-octavia'],
  };
  const subnet = {
    id: uuid(),
    name: 'lb-mgmt-subnetv6',
    networkId: net.id,
    cidr: 'fc00:4a9a:2f2a:4e5b::/64',
    gateway: '',
    poolStart: '',
    poolEnd: '',
    projectId: project,
  };
  net.subnetIds.push(subnet.id);
  os.networks.push(net);
  os.subnets.push(subnet);
  for (const name of ['lb-mgmt-sec-grp', 'lb-health-mgr-sec-grp']) {
    os.securityGroups.push({
      id: uuid(),
      name,
      description: '',
      projectId: project,
      createdAt: now,
      rules: [],
      tags: [name === 'lb-mgmt-sec-grp' ? 'charm-octavia' : 'charm-octavia-health'],
    });
  }
}

const HANDLERS: Record<string, Record<string, Handler>> = {
  octavia: {
    'configure-resources': (input) => {
      if (!input.leader) return { fail: 'action must be run on the leader unit.' };
      if (!relationsReady(input)) {
        return {
          fail: 'all required relations not available, please defer actionuntil deployment is complete.',
        };
      }
      input.app.flags.resourcesConfigured = true;
      input.app.updatedAt = input.clock.now;
      createLbMgmt(input.state, input.clock.now);
      return { results: {} };
    },
  },
  vault: {
    'authorize-charm': (input) => {
      if (!input.params.token) return { fail: 'token is required' };
      // With the simulated Vault in use, the token must be one it issued (modelled: the charm's
      // hvac client is refused, message as Vault's).
      const vault = input.state.vault;
      if (vault && input.app.flags.sealed) return { fail: 'Vault is sealed' };
      if (vault && !tokenValid(vault, input.params.token, input.clock.now))
        return { fail: 'permission denied' };
      input.app.flags.authorized = true;
      return { results: {} };
    },
    'generate-root-ca': (input) => {
      input.app.flags.rootCa = true;
      const body = sha256Hex(input.model.uuid).repeat(3).slice(0, 128);
      return {
        results: {
          output: `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----`,
        },
      };
    },
    'get-root-ca': () => ({ results: { output: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----' } }),
  },
  'glance-simplestreams-sync': {
    'sync-images': (input) => {
      if (!relationsReady(input)) return { fail: 'Unable to sync images: keystone relation not ready' };
      input.app.flags.synced = true;
      addImage(
        input.state,
        'auto-sync/ubuntu-jammy-22.04-amd64-server-20240223-disk1.img',
        [],
        input.clock.now,
      );
      return { results: {} };
    },
  },
  'octavia-diskimage-retrofit': {
    'retrofit-image': (input) => {
      const gss = Object.values(input.model.applications).find(
        (a) => a.charm === 'glance-simplestreams-sync',
      );
      if (!gss?.flags.synced) return { fail: 'Unable to find suitable source image' };
      const tag = input.app.config['amp-image-tag'] || 'octavia-amphora';
      addImage(input.state, 'amphora-haproxy-x86_64-ubuntu-22.04-20240223', [tag], input.clock.now);
      return { results: {} };
    },
  },
};

/** An action the charm defines whose effect the stand-in does not model: it completes. */
const completes: Handler = () => ({ results: {} });

/**
 * The handler for `action` of `charm` (at `channel`, the charm's own by default), or undefined
 * when the charm's actions.yaml does not define it (Juju: `action "x" not defined on unit "a/0"`).
 */
export function actionHandler(charm: string, action: string, channel?: string): Handler | undefined {
  const known = findCharm(charm);
  const defined = known ? definesAction(known, channel, action) : undefined;
  if (defined === false) return undefined;
  return HANDLERS[charm]?.[action] ?? (defined ? completes : undefined);
}

/** The actions the stand-in models with an effect, per charm (the tests check each is defined). */
export function modelledActions(): Array<[string, string]> {
  return Object.entries(HANDLERS).flatMap(([charm, byName]) =>
    Object.keys(byName).map((a) => [charm, a] as [string, string]),
  );
}
