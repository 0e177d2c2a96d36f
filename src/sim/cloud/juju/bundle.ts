import { CliExit, type Output } from '../cli/io.js';
import type { ModelState } from '../state/types.js';
import { charmName, findCharm } from './charms.js';
import { unknownOption, unsupportedBase } from './charms-checks.js';
import { RelationError, resolveRelation } from './integrate.js';
import { addApplication, addMachine, addRelation, addUnit } from './model-ops.js';

/**
 * Bundle (and `--overlay`) deployment: machines, applications, units and relations, skipping
 * what the model already has so an overlay can be applied over a running cloud.
 */

interface BundleApp {
  charm?: string;
  channel?: string;
  num_units?: number;
  to?: Array<string | number>;
  options?: Record<string, unknown>;
  expose?: boolean;
  constraints?: string;
  trust?: boolean;
  series?: string;
}

interface Bundle {
  series?: string;
  machines?: Record<string, { constraints?: string; series?: string } | null>;
  applications?: Record<string, BundleApp | null>;
  relations?: Array<Array<string>>;
}

const SERIES: Record<string, string> = { focal: '20.04', jammy: '22.04', noble: '24.04' };

const fail = (reason: string): never => {
  throw new CliExit(`ERROR cannot deploy bundle: ${reason}\n`, 1);
};

/**
 * Juju resolves every charm of a bundle against charmhub before it changes anything
 * (cmd/juju/application/bundle.go resolveCharmsAndEndpoints: `cannot resolve charm or bundle
 * %q: …`; a real capture: `ERROR cannot deploy bundle: cannot resolve charm or bundle
 * "barbican-vault": selecting releases: charm or bundle not found for channel …`, stsstack-bundles
 * issue 54), so a channel without a revision for the bundle's series fails the whole deploy.
 * Unknown options are refused as `juju deploy --config` refuses them.
 */
function checkBundle(model: ModelState, merged: Required<Bundle>): void {
  for (const name of Object.keys(merged.applications).sort()) {
    const app = merged.applications[name];
    if (!app?.charm) fail(`application "${name}" has no charm`);
    const charm = findCharm(app?.charm ?? '');
    const label = charmName(app?.charm ?? name);
    if (!charm) fail(`cannot resolve charm or bundle "${label}": charm or bundle not found`);
    if (!app || !charm || model.applications[name]) continue;
    const noBase = unsupportedBase(charm, app.channel, app.series ?? merged.series);
    if (noBase) fail(`cannot resolve charm or bundle "${label}": ${noBase}`);
    const bad = unknownOption(charm, app.channel, Object.keys(app.options ?? {}));
    if (bad) fail(`cannot deploy application "${name}": ${bad}`);
  }
}

/**
 * A bundle relation as Juju adds it (bundlehandler.go addRelation: `cannot add relation between
 * %q and %q: …`). Juju has deployed the applications by then; here the failed deploy leaves
 * the model as it was (the whole command is one state change).
 */
function relationOf(model: ModelState, a: string, b: string): ReturnType<typeof resolveRelation> {
  try {
    return resolveRelation(model, a, b);
  } catch (err) {
    if (err instanceof RelationError)
      return fail(`cannot add relation between "${a}" and "${b}": ${err.reason}`);
    throw err;
  }
}

/** Merges bundle documents (later ones overlay earlier ones) and deploys the result. */
export function deployBundle(
  model: ModelState,
  docs: unknown[],
  now: number,
  out: Output,
  trust: boolean,
): void {
  const merged: Required<Bundle> = { series: 'jammy', machines: {}, applications: {}, relations: [] };
  for (const raw of docs) {
    if (!raw || typeof raw !== 'object') continue;
    const doc = raw as Bundle & { services?: Bundle['applications'] };
    if (doc.series) merged.series = doc.series;
    Object.assign(merged.machines, doc.machines ?? {});
    for (const [name, app] of Object.entries(doc.applications ?? doc.services ?? {})) {
      merged.applications[name] = { ...(merged.applications[name] ?? {}), ...(app ?? {}) };
    }
    merged.relations.push(...(doc.relations ?? []));
  }
  const base = SERIES[merged.series] ?? '22.04';
  const changes: string[] = [];
  checkBundle(model, merged);
  for (const [name, app] of Object.entries(merged.applications)) {
    out.err(
      `Located charm "${charmName(app?.charm ?? name)}" in charm-hub, channel ${app?.channel ?? 'stable'}`,
    );
  }
  const machineMap = new Map<string, string>();
  const bundleMachine = (id: string): string => {
    const known = machineMap.get(id);
    if (known) return known;
    if (!(id in merged.machines) && model.machines[id]) return id;
    const m = addMachine(model, now, merged.machines[id]?.constraints ?? '', base);
    machineMap.set(id, m.id);
    changes.push(`- add new machine ${m.id}`);
    return m.id;
  };
  // Juju adds the bundle's machines first, in order, so bundle machine N is usually model machine N.
  for (const id of Object.keys(merged.machines).sort((a, b) => Number(a) - Number(b))) bundleMachine(id);
  for (const [name, spec] of Object.entries(merged.applications)) {
    if (!spec || model.applications[name]) continue;
    const charm = findCharm(spec.charm ?? '');
    if (!charm) continue;
    const options = Object.fromEntries(Object.entries(spec.options ?? {}).map(([k, v]) => [k, String(v)]));
    changes.push(
      `- upload charm ${charm.name} from charm-hub for base ubuntu@${base}/stable with architecture=amd64`,
    );
    changes.push(`- deploy application ${name} from charm-hub on ubuntu@${base}/stable`);
    const app = addApplication(
      model,
      {
        name,
        charm,
        channel: spec.channel ?? charm.channel,
        config: options,
        trust: trust || Boolean(spec.trust),
        expose: spec.expose,
        base,
      },
      now,
    );
    if (spec.expose)
      changes.push(`- expose all endpoints of ${name} and allow access from CIDRs 0.0.0.0/0 and ::/0`);
    if (charm.subordinate) continue;
    const count = spec.num_units ?? 0;
    for (let i = 0; i < count; i++) {
      const raw = spec.to?.[i] ?? spec.to?.[spec.to.length - 1];
      let to: string | undefined;
      if (raw !== undefined) {
        const s = String(raw);
        const lxd = /^lxd:(.+)$/.exec(s);
        to = lxd ? `lxd:${bundleMachine(lxd[1] as string)}` : bundleMachine(s);
      }
      const unit = addUnit(model, app, charm, to, now, spec.constraints ?? '', base);
      changes.push(`- add unit ${unit} to ${to ? `new machine ${to}` : 'a new machine'}`);
    }
  }
  for (const pair of merged.relations) {
    const [a, b] = pair;
    if (!a || !b) continue;
    const rel = relationOf(model, a, b);
    if (model.relations.some((r) => r.provider === rel.provider && r.requirer === rel.requirer)) continue;
    addRelation(model, rel, now);
    changes.push(`- add relation ${a} - ${b}`);
  }
  out.err('Executing changes:');
  for (const c of changes) out.err(c);
  out.err('Deploy of bundle completed.');
}
