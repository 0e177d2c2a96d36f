import { describe, expect, it } from 'vitest';
import { lbAddressOffset } from '../../src/sim/kube/service-controller.js';

describe("the simulated cluster's load-balancer addresses", () => {
  it('start at 127.0.0.2 for the default floating block, elsewhere apart per block', () => {
    expect(lbAddressOffset({})).toBe(0);
    expect(lbAddressOffset({ LABOPS_SIM_FLOATING_NET: '16' })).toBe(0);
    const starts = [17, 18, 19, 20].map((b) => lbAddressOffset({ LABOPS_SIM_FLOATING_NET: String(b) }));
    expect(new Set(starts).size).toBe(4);
    for (const [i, a] of starts.entries())
      for (const b of starts.slice(i + 1)) expect(Math.abs(a - b)).toBeGreaterThanOrEqual(10);
    expect(lbAddressOffset({ LABOPS_SIM_FLOATING_NET: 'x' })).toBe(0);
  });
});
