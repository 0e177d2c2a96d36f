import { describe, expect, it } from 'vitest';
import { cellOf, type GridRow, gradebook, gradebookCsv, gridCounts } from '../../src/dashboard/data.js';
import { dashboardViewerFor } from '../../src/dashboard/link.js';
import type { CheckpointRecord } from '../../src/evidence/checkpoints/store.js';

const rec = (passedAt: string | null, fails: number): CheckpointRecord => ({
  n: 1,
  passedAt,
  last: {
    at: '2026-11-02T10:00:00.000Z',
    passed: fails === 0,
    criteria: [0, 1, 2].map((k) => ({ id: `c${k}`, pass: k >= fails, measured: '' })),
    pictures: [],
  },
});

describe('dashboard: grid cells, counts and the gradebook', () => {
  it('a cell is passed from its first pass on, even when the last run failed; else failed with its count', () => {
    expect(cellOf(undefined)).toEqual({ state: 'none' });
    expect(cellOf(rec('2026-11-01T09:00:00.000Z', 2))).toMatchObject({
      state: 'passed',
      at: '2026-11-01T09:00:00.000Z',
    });
    expect(cellOf(rec(null, 2))).toMatchObject({ state: 'failed', failing: 2 });
  });

  it('counts started and passed per checkpoint; the CSV says the last outcome and quotes what a spreadsheet would run', () => {
    const rows: GridRow[] = [
      {
        team: { name: '=cmd|x', queue: 'a' },
        cells: [cellOf(rec('2026-11-01T09:00:00.000Z', 1)), ...Array(5).fill(cellOf(undefined))],
      },
      { team: { name: 'b', queue: 'b' }, cells: [cellOf(rec(null, 1)), ...Array(5).fill(cellOf(undefined))] },
    ];
    expect(gridCounts(rows)[0]).toEqual({ started: 2, passed: 1 });
    expect(gridCounts(rows)[1]).toEqual({ started: 0, passed: 0 });
    const csv = gradebookCsv(gradebook(rows, new Map([['b', ['Ana, "A"', 'Bo']]]), 'http://x'));
    const [head, a, b] = csv.split('\r\n');
    expect(head!.split(',').slice(0, 4)).toEqual(['team', 'members', 'cp1_first_passed', 'cp1_last_outcome']);
    expect(a!.startsWith("'=cmd|x,,2026-11-01T09:00:00.000Z,failed,,not tried")).toBe(true);
    expect(b!.startsWith('b,"Ana, ""A""; Bo",,failed,')).toBe(true);
  });
});

describe('dashboard: whom a /dashboard link is for', () => {
  const team = { name: 'team-a', roles: ['111'] };
  it('the class for an instructor, the team for its members, nothing for others', () => {
    expect(dashboardViewerFor({ instructor: true, configured: true, roleIds: [], team })).toEqual({
      role: 'instructor',
    });
    expect(dashboardViewerFor({ instructor: false, configured: true, roleIds: ['111'], team })).toEqual({
      role: 'student',
      team: 'team-a',
    });
    expect(
      dashboardViewerFor({ instructor: false, configured: true, roleIds: ['222'], team }),
    ).toBeUndefined();
    expect(dashboardViewerFor({ instructor: false, configured: false, roleIds: [], team })).toMatchObject({
      role: 'student',
    });
  });
});
