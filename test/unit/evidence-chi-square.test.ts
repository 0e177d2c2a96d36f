import { describe, expect, it } from 'vitest';
import {
  chiSquareSurvival,
  lnGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from '../../src/evidence/probe/chi-square.js';
import { spreadVerdict } from '../../src/evidence/probe/spread-verdict.js';

// For even degrees of freedom 2k the survival function has a closed form:
// Q = e^(-x/2) * sum_{i<k} (x/2)^i / i!
function evenDfSurvival(x: number, df: number): number {
  let term = 1;
  let sum = 0;
  for (let i = 0; i < df / 2; i++) {
    if (i > 0) term *= x / 2 / i;
    sum += term;
  }
  return Math.exp(-x / 2) * sum;
}

describe('lnGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 11);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(1)).toBeCloseTo(0, 12);
  });
});

describe('regularized incomplete gamma', () => {
  it('P + Q = 1 on both sides of the series / continued-fraction switch', () => {
    for (const [a, x] of [
      [0.5, 0.1],
      [2, 1],
      [2, 10],
      [10, 3],
      [10, 30],
    ] as const) {
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 12);
    }
  });

  it('handles the edges', () => {
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, Number.POSITIVE_INFINITY)).toBe(0);
    expect(regularizedGammaQ(-1, 1)).toBeNaN();
  });
});

describe('chiSquareSurvival', () => {
  it('matches the closed form for even degrees of freedom', () => {
    for (const [x, df] of [
      [2, 4],
      [20, 4],
      [3, 10],
      [40, 10],
      [0.5, 2],
      [150, 20],
    ] as const) {
      expect(chiSquareSurvival(x, df)).toBeCloseTo(evenDfSurvival(x, df), 12);
      expect(chiSquareSurvival(x, df) / evenDfSurvival(x, df)).toBeCloseTo(1, 9);
    }
  });

  it('gives the textbook critical values', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(6.634896601021214, 1)).toBeCloseTo(0.01, 10);
    expect(chiSquareSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 10);
    expect(chiSquareSurvival(13.276704135987622, 4)).toBeCloseTo(0.01, 10);
  });

  it('is 1 at a zero statistic and falls with it', () => {
    expect(chiSquareSurvival(0, 4)).toBe(1);
    expect(chiSquareSurvival(5, 4)).toBeGreaterThan(chiSquareSurvival(6, 4));
    expect(chiSquareSurvival(1, 0)).toBeNaN();
  });
});

describe('spreadVerdict', () => {
  it('is even with statistic 0 for identical counts', () => {
    const v = spreadVerdict([20, 20, 20, 20, 20]);
    expect(v).toMatchObject({ categories: 5, degreesOfFreedom: 4, statistic: 0, pValue: 1, even: true });
    expect(v.note).toBeUndefined();
  });

  it('counts expected but missing backends as zero', () => {
    const v = spreadVerdict([20, 20, 20, 20, 20], 6);
    expect(v.categories).toBe(6);
    expect(v.missingBackends).toBe(1);
    // Expected 100/6 each: five of (20-16.67)²/16.67 plus 16.67 for the missing one.
    expect(v.statistic).toBeCloseTo(20, 10);
    expect(v.pValue).toBeCloseTo(0.0012497305630313, 10);
    expect(v.even).toBe(false);
  });

  it('uses the hosts seen when more answered than expected', () => {
    expect(spreadVerdict([10, 10, 10], 2).categories).toBe(3);
  });

  it('flags a lopsided spread', () => {
    const v = spreadVerdict([70, 10, 10, 10]);
    expect(v.statistic).toBeCloseTo(108, 10);
    expect(v.even).toBe(false);
  });

  it('keeps a mildly uneven but plausible spread even', () => {
    expect(spreadVerdict([23, 19, 21, 17, 20]).even).toBe(true);
  });

  it('refuses to call one backend or no answers even', () => {
    expect(spreadVerdict([100])).toMatchObject({ pValue: null, even: false, degreesOfFreedom: 0 });
    expect(spreadVerdict([])).toMatchObject({ pValue: null, even: false, note: 'no successful answers' });
  });

  it('warns when too few answers per backend were collected', () => {
    expect(spreadVerdict([2, 3, 2]).note).toMatch(/send more requests/);
  });
});
