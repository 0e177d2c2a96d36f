import { afterEach, describe, expect, it } from 'vitest';
import { jobs } from '../../src/jobs/definitions.js';
import { maxReplicas } from '../../src/jobs/names.js';

const saved = process.env.LABOPS_MAX_REPLICAS;
afterEach(() => {
  if (saved === undefined) delete process.env.LABOPS_MAX_REPLICAS;
  else process.env.LABOPS_MAX_REPLICAS = saved;
});

const check = (replicas: number) => {
  const r = jobs.scale.data.safeParse({ deployment: 'hello-node', replicas });
  return r.success ? 'ok' : r.error.issues[0]?.message;
};

describe('LABOPS_MAX_REPLICAS', () => {
  it('is read when a value is checked, not when the contract is imported', () => {
    delete process.env.LABOPS_MAX_REPLICAS;
    expect(check(21)).toBe('replicas must be at most 20');
    process.env.LABOPS_MAX_REPLICAS = '30';
    expect(check(21)).toBe('ok');
    expect(check(31)).toBe('replicas must be at most 30');
    expect(jobs.scale.description).toContain('0 to 30 replicas');
  });

  it('falls back to 20 when the setting is not a whole number from 1 to 500', () => {
    expect(maxReplicas({ LABOPS_MAX_REPLICAS: 'lots' })).toBe(20);
    expect(maxReplicas({ LABOPS_MAX_REPLICAS: '7' })).toBe(7);
  });
});
