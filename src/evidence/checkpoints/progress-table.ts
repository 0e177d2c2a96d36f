import type { CheckpointRecord } from './store.js';

/** One team's row: its checkpoint records by number. */
export interface ProgressRow {
  team: string;
  records: Map<number, CheckpointRecord>;
}

/** `MM-DD HH:MM` UTC of a first pass; `…` ran but not passed; `-` never ran. */
function cellOf(r: CheckpointRecord | undefined): string {
  if (!r) return '-';
  if (r.passedAt) return `${r.passedAt.slice(5, 10)} ${r.passedAt.slice(11, 16)}`;
  return r.last.passed ? 'passed' : '…';
}

/**
 * Teams × checkpoints as a fixed-width table: when each checkpoint was first passed (UTC),
 * `…` when it was run but never passed, `-` when never run.
 */
export function formatProgress(rows: readonly ProgressRow[], checkpoints = 6): string {
  const ns = Array.from({ length: checkpoints }, (_, i) => i + 1);
  const teamW = Math.max(4, ...rows.map((r) => r.team.length));
  const colW = 11;
  const head = `${'team'.padEnd(teamW)}  ${ns.map((n) => `CP${n}`.padEnd(colW)).join(' ')}`.trimEnd();
  const lines = rows.map((row) =>
    `${row.team.padEnd(teamW)}  ${ns.map((n) => cellOf(row.records.get(n)).padEnd(colW)).join(' ')}`.trimEnd(),
  );
  const done = rows.map((r) => ns.filter((n) => r.records.get(n)?.passedAt).length);
  const total = done.reduce((a, b) => a + b, 0);
  return [
    head,
    ...lines,
    '',
    `first pass time in UTC; … = run, not passed yet; - = never run. ${total} of ${rows.length * checkpoints} passed.`,
  ].join('\n');
}
