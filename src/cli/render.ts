import type { JobOutcome } from '../client/lab-client.js';
import type { ProgressEvent } from '../jobs/events.js';

/** Terminal rendering of progress and outcomes (plain text; stderr for progress, stdout for results). */
export function progressLine(e: ProgressEvent): string {
  if (e.kind === 'waiting') return `… ${e.message}`;
  if (e.kind === 'log') return '';
  const where = e.count ? `[${e.index}/${e.count}] ${e.step}` : e.step;
  return `${where}: ${e.message}`;
}

export function outcomeText(o: JobOutcome): string {
  if (o.state === 'failed') {
    const logs = o.artifacts?.length
      ? ` (full log: artifact ${o.artifacts.map((a) => a.id).join(', ')})`
      : '';
    return `✗ ${o.jobId} failed [${o.code}]: ${oneLine(o.message)}${logs}`;
  }
  const r = o.result;
  const lines = [`✓ ${r.summary}`];
  for (const f of r.fields) {
    const [first, ...rest] = f.value.split('\n');
    lines.push(`  ${f.name}: ${first ?? ''}`);
    for (const l of rest) lines.push(`    ${l}`);
  }
  const steps = r.steps.map(
    (s) => `${s.name} (${s.outcome}${s.message && s.outcome !== 'done' ? `: ${s.message}` : ''})`,
  );
  if (steps.length) lines.push(`  steps: ${steps.join(', ')}`);
  if (r.commands?.length) {
    lines.push('  would run:');
    for (const c of r.commands) lines.push(`    ${c.map(quoteArg).join(' ')}`);
  }
  if (r.artifacts.length)
    lines.push(`  artifacts: ${r.artifacts.map((a) => `${a.name} (${a.id})`).join(', ')}`);
  return lines.join('\n');
}

/** A message on one line: its lines joined with ` · `. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' · ');
}

/** A refusal or error as the bot shows it: one line, the code, the message. */
export function errorLine(code: string, message: string): string {
  return `✗ [${code}] ${oneLine(message)}`;
}

/** Quotes an argument for display only (nothing is ever run through a shell). */
export function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** What a cancellation did, in words (`labops cancel` and the console's `/cancel`). */
export function cancelText(id: string, r: 'removed' | 'signalled' | 'finished' | 'not-found'): string {
  return {
    removed: `${id} was waiting: removed, nothing ran`,
    signalled: `${id} is running: its runner was told to stop it`,
    finished: `${id} has already finished`,
    'not-found': `no job ${id}`,
  }[r];
}
