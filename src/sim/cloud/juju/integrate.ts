import { CliExit } from '../cli/io.js';
import type { ModelState, RelationState } from '../state/types.js';
import type { Endpoint } from './charm-types.js';
import { endpointsOf, findCharm } from './charms.js';
import { addRelation } from './model-ops.js';
import { splitEndpoint } from './relations.js';

/**
 * `juju integrate a[:ep] b[:ep]` (and 2.9's `add-relation`): matches endpoints by interface
 * and role the way Juju does (state.InferEndpoints), with Juju's errors for unknown, ambiguous
 * and existing relations. An endpoint name the application's charm (at its channel) does not
 * define fails as `Application.Endpoint` does: `application "x" has no "y" relation`.
 */

/** A relation Juju refuses; `message` is Juju's text without the `ERROR ` prefix. */
export class RelationError extends CliExit {
  constructor(readonly reason: string) {
    super(`ERROR ${reason}\n`, 1);
  }
}

interface Candidate {
  a: Endpoint;
  b: Endpoint;
}

function endpointsFor(model: ModelState, app: string, name: string | undefined): Endpoint[] {
  const state = model.applications[app];
  if (!state) throw new RelationError(`application "${app}" not found`);
  const charm = findCharm(state.charm);
  const eps = charm ? endpointsOf(charm, state.channel) : [];
  // state/application.go Endpoint(); only charms whose files were read are checked
  if (name && charm?.releases && !eps.some((e) => e.name === name))
    throw new RelationError(`application "${app}" has no "${name}" relation`);
  return eps;
}

function compatible(a: Endpoint, b: Endpoint): boolean {
  if (a.interface !== b.interface) return false;
  return (a.role === 'provides' && b.role === 'requires') || (a.role === 'requires' && b.role === 'provides');
}

/** Finds the one relation `specA specB` means, or throws Juju's error. */
export function resolveRelation(
  model: ModelState,
  specA: string,
  specB: string,
): Omit<RelationState, 'createdAt'> {
  const A = splitEndpoint(specA);
  const B = splitEndpoint(specB);
  const epsA = endpointsFor(model, A.app, A.endpoint);
  const epsB = endpointsFor(model, B.app, B.endpoint);
  const subA = Boolean(findCharm(model.applications[A.app]?.charm ?? '')?.subordinate);
  const subB = Boolean(findCharm(model.applications[B.app]?.charm ?? '')?.subordinate);
  const candidates: Candidate[] = [];
  for (const a of epsA) {
    if (A.endpoint && a.name !== A.endpoint) continue;
    for (const b of epsB) {
      if (B.endpoint && b.name !== B.endpoint) continue;
      if (!compatible(a, b)) continue;
      // the implicit juju-info endpoint only matches when asked for or for a subordinate
      if (a.interface === 'juju-info' && !(subA || subB) && !A.endpoint && !B.endpoint) continue;
      candidates.push({ a, b });
    }
  }
  if (candidates.length === 0) {
    // Charms the simulation does not model in detail: trust explicit endpoint names.
    if (A.endpoint && B.endpoint && (epsA.length === 0 || epsB.length === 0)) {
      candidates.push({
        a: { name: A.endpoint, interface: A.endpoint, role: 'requires' },
        b: { name: B.endpoint, interface: A.endpoint, role: 'provides' },
      });
    } else {
      throw new RelationError('no relations found');
    }
  }
  if (candidates.length > 1) {
    const options = candidates.map((c) => `"${A.app}:${c.a.name} ${B.app}:${c.b.name}"`).join('; ');
    throw new RelationError(`ambiguous relation: "${specA} ${specB}" could refer to ${options}`);
  }
  const { a, b } = candidates[0] as Candidate;
  const container = a.scope === 'container' || b.scope === 'container';
  const provA = a.role === 'provides';
  return {
    provider: provA ? `${A.app}:${a.name}` : `${B.app}:${b.name}`,
    requirer: provA ? `${B.app}:${b.name}` : `${A.app}:${a.name}`,
    interface: a.interface,
    scope: container ? 'container' : 'global',
    kind: container && (subA || subB) ? 'subordinate' : 'regular',
  };
}

/** Adds the relation, or fails like Juju when it already exists. */
export function integrate(
  model: ModelState,
  specA: string,
  specB: string,
  now: number,
  mode: '3.6' | '2.9',
): void {
  const rel = resolveRelation(model, specA, specB);
  const exists = model.relations.some((r) => r.provider === rel.provider && r.requirer === rel.requirer);
  if (exists) {
    const key = [rel.provider, rel.requirer].sort().join(' ');
    const hint =
      mode === '2.9'
        ? `ERROR cannot add relation "${key}": relation ${key} already exists\n`
        : `ERROR cannot add relation "${key}"\nrelation ${key} (already exists):\n\nUse 'juju status --relations' to view the current relations.\n`;
    throw new CliExit(hint, 1);
  }
  addRelation(model, rel, now);
}
