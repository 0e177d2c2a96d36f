import { chiSquareSurvival } from './chi-square.js';
import type { SpreadVerdict } from './types.js';

/** Significance level: below it the spread over backends is called uneven. */
export const SPREAD_ALPHA = 0.01;
// Below this many expected answers per backend the chi-square approximation is rough.
const MIN_EXPECTED_FOR_APPROXIMATION = 5;

/**
 * Chi-square goodness-of-fit of `counts` (answers per host seen) against an even spread over
 * the hosts seen, or over `expectedBackends` when that is larger (missing backends count 0).
 */
export function spreadVerdict(counts: readonly number[], expectedBackends?: number): SpreadVerdict {
  const seen = counts.length;
  const categories = Math.max(seen, expectedBackends ?? 0);
  const missingBackends = categories - seen;
  const total = counts.reduce((sum, n) => sum + n, 0);
  const base = { test: 'chi-square' as const, categories, missingBackends, alpha: SPREAD_ALPHA };

  if (total === 0) {
    return {
      ...base,
      degreesOfFreedom: 0,
      statistic: 0,
      pValue: null,
      even: false,
      expectedPerBackend: 0,
      note: 'no successful answers',
    };
  }
  const expected = total / categories;
  if (categories < 2) {
    // One backend cannot be compared with anything: a balancer sending everything to one
    // pod is exactly what this check is meant to catch, so this is not called even.
    return {
      ...base,
      degreesOfFreedom: 0,
      statistic: 0,
      pValue: null,
      even: false,
      expectedPerBackend: expected,
      note: 'only one backend answered; nothing to compare',
    };
  }
  const all = [...counts, ...Array<number>(missingBackends).fill(0)];
  const statistic = all.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
  const degreesOfFreedom = categories - 1;
  const pValue = chiSquareSurvival(statistic, degreesOfFreedom);
  const verdict: SpreadVerdict = {
    ...base,
    degreesOfFreedom,
    statistic,
    pValue,
    even: pValue >= SPREAD_ALPHA,
    expectedPerBackend: expected,
  };
  if (expected < MIN_EXPECTED_FOR_APPROXIMATION) {
    verdict.note = `fewer than ${MIN_EXPECTED_FOR_APPROXIMATION} answers expected per backend; send more requests for a reliable verdict`;
  }
  return verdict;
}
