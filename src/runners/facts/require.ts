import { Codes, UserError } from '../../shared/errors.js';
import type { RecipeContext } from '../context.js';
import {
  FACT_ORDER,
  FACT_VARIANTS,
  FACTS,
  type FactName,
  type FactParams,
  fixOf,
  type Requirement,
  requirementOf,
} from './names.js';
import { type FactReadings, PREREQUISITES, readFacts } from './read.js';
import type { FactReading } from './reading.js';

/** A requirement that does not hold: the fact, what was read, the command that makes it true. */
export interface Unmet {
  fact: FactName;
  detail: string;
  variant?: FactReading['variant'];
  fix: string;
  step: number;
}

/**
 * Pure: the unmet facts among `readings`, earliest in the guide first. A fact missing only
 * because an earlier one is missing is left out: the earlier one is what to do first.
 */
export function unmetOf(readings: FactReadings, params: FactParams = {}): Unmet[] {
  const out: Unmet[] = [];
  for (const fact of FACT_ORDER) {
    const r: FactReading | undefined = readings[fact];
    if (!r || r.ok) continue;
    if ((PREREQUISITES[fact] ?? []).some((p) => readings[p] && !readings[p]?.ok)) continue;
    out.push({
      fact,
      detail: r.detail,
      fix: fixOf(fact, params),
      step: FACTS[fact].step,
      ...(r.variant ? { variant: r.variant } : {}),
    });
  }
  return out;
}

/** Pure: the one-line refusal for an unmet fact, in English or Portuguese. */
export function notReadyText(u: Unmet, lang: 'en' | 'pt-BR' = 'en'): string {
  const what = (u.variant ? FACT_VARIANTS[u.variant] : FACTS[u.fact].missing)[lang];
  const step = u.step > 0 ? (lang === 'en' ? ` (step ${u.step})` : ` (passo ${u.step})`) : '';
  return lang === 'en'
    ? `${what} (${u.detail}). Run ${u.fix} first${step}.`
    : `${what} (${u.detail}). Rode ${u.fix} antes${step}.`;
}

/** Pure: "not yet: run `/…`" for a checkpoint criterion or picture whose part of the lab is missing. */
export function notYetText(u: Unmet): string {
  const what = (u.variant ? FACT_VARIANTS[u.variant] : FACTS[u.fact].missing).en;
  return `not yet: run ${u.fix} (step ${u.step}): ${what.charAt(0).toLowerCase()}${what.slice(1)} (${u.detail})`;
}

/** The error of an unmet requirement: `NOT_READY`, naming what is missing and what to run. */
export function notReady(u: Unmet): UserError {
  return new UserError(Codes.notReady, notReadyText(u));
}

/**
 * Reads `requirements` on the lab and throws `NOT_READY` for the first one that does not hold
 * (earliest in the guide). Read-only: nothing on the lab changes, in a dry run or not.
 */
export async function requireFacts(
  ctx: RecipeContext,
  requirements: readonly Requirement[],
): Promise<FactReadings> {
  if (requirements.length === 0) return {};
  const params: FactParams = Object.assign(
    { user: ctx.config.LABOPS_DOCKERHUB_USER },
    ...requirements.map(requirementOf),
  );
  const readings = await readFacts(ctx, requirements, params);
  const first = unmetOf(readings, params)[0];
  if (first) throw notReady(first);
  return readings;
}
