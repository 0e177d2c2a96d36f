import type { AppState, ModelState, RelationState } from '../state/types.js';

/** Splits `app:endpoint` (endpoint may be absent). */
export function splitEndpoint(spec: string): { app: string; endpoint: string | undefined } {
  const i = spec.indexOf(':');
  return i < 0 ? { app: spec, endpoint: undefined } : { app: spec.slice(0, i), endpoint: spec.slice(i + 1) };
}

/** One side of a relation as seen from `app`. */
export interface RelationSide {
  relation: RelationState;
  endpoint: string;
  otherApp: string;
  otherEndpoint: string;
}

/** Relations of an application, from its point of view (peer relations included). */
export function relationsOf(model: ModelState, app: string): RelationSide[] {
  const sides: RelationSide[] = [];
  for (const relation of model.relations) {
    const p = splitEndpoint(relation.provider);
    const r = splitEndpoint(relation.requirer);
    if (p.app === app)
      sides.push({ relation, endpoint: p.endpoint ?? '', otherApp: r.app, otherEndpoint: r.endpoint ?? '' });
    else if (r.app === app)
      sides.push({ relation, endpoint: r.endpoint ?? '', otherApp: p.app, otherEndpoint: p.endpoint ?? '' });
  }
  return sides;
}

/**
 * Principals of a subordinate application: the applications it shares a container-scoped
 * relation with, in deployment order.
 */
export function principalsOf(
  model: ModelState,
  sub: AppState,
  isSubordinate: (app: string) => boolean,
): string[] {
  const out: string[] = [];
  for (const side of relationsOf(model, sub.name)) {
    if (side.relation.scope !== 'container' || side.relation.kind === 'peer') continue;
    if (isSubordinate(side.otherApp)) continue;
    if (!out.includes(side.otherApp)) out.push(side.otherApp);
  }
  return out;
}

/** The container-scoped relation joining a subordinate to one principal. */
export function containerRelation(
  model: ModelState,
  sub: string,
  principal: string,
): RelationState | undefined {
  return relationsOf(model, sub).find((s) => s.otherApp === principal && s.relation.scope === 'container')
    ?.relation;
}
