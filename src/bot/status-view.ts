import type { ProgressEvent } from '../jobs/events.js';
import type { MessageBody } from './channel-port.js';
import { buttonRow, customId } from './custom-ids.js';
import { t } from './i18n.js';
import type { JobRecord } from './job-record.js';

export type Phase = 'running' | 'done' | 'failed' | 'cancelled';

const MAX_LINE = 160;
const MAX_LOG_CHARS = 3000;
const BAR = 12;

/** A progress bar: `▰▰▰▱▱▱ 2/4`. */
export function progressBar(index: number, count: number): string {
  if (count <= 0) return '▱'.repeat(BAR);
  const full = Math.round((Math.min(index, count) / count) * BAR);
  return `${'▰'.repeat(full)}${'▱'.repeat(BAR - full)} ${Math.min(index, count)}/${count}`;
}

/** `1 min 05 s`, `42 s`. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return m ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** The last log lines as a code block that fits `budget` characters (older lines go first). */
export function logBlock(lines: readonly string[], budget = MAX_LOG_CHARS): string {
  const clean = lines.map((l) => {
    const s = l.replace(/```/g, '`\u200b``');
    return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s;
  });
  const kept: string[] = [];
  let size = 8;
  for (let i = clean.length - 1; i >= 0; i--) {
    const line = clean[i]!;
    if (size + line.length + 1 > budget) break;
    kept.unshift(line);
    size += line.length + 1;
  }
  return kept.length ? `\`\`\`\n${kept.join('\n')}\n\`\`\`` : '';
}

/**
 * The status message of a job: the step of N, a bar, the last log lines, elapsed time, the
 * job id and (while it runs) a Cancel button. Sized well inside Discord's limits
 * (description ≤ 4096, embed total ≤ 6000).
 */
export function statusView(
  rec: JobRecord,
  p: ProgressEvent | null,
  phase: Phase,
  now = Date.now(),
): MessageBody {
  const tx = t(rec.locale);
  const head =
    phase === 'running'
      ? ''
      : `${phase === 'done' ? tx.done : phase === 'failed' ? tx.failed : tx.cancelled}\n`;
  const where =
    p && p.count > 0 ? `${tx.step(p.index, p.count, p.step)}\n${progressBar(p.index, p.count)}` : '';
  const msg = p?.message ? `\n${p.message.slice(0, 300)}` : phase === 'running' && !p ? tx.queuedState : '';
  const log = p ? logBlock(p.log) : '';
  const description = [head + where + msg, log].filter(Boolean).join('\n').slice(0, 4000) || '…';
  const color =
    phase === 'running' ? 0x3498db : phase === 'done' ? 0x2ecc71 : phase === 'failed' ? 0xe74c3c : 0x95a5a6;
  return {
    content: '',
    embeds: [
      {
        title: rec.line.slice(0, 250),
        description,
        color,
        footer: { text: `${tx.job} #${rec.jobId} · ${tx.elapsed} ${elapsed(now - rec.startedAt)}` },
      },
    ],
    components:
      phase === 'running'
        ? [buttonRow([{ id: customId('cancel', rec.queue, rec.jobId), label: tx.cancelJob, style: 4 }])]
        : [],
    allowed_mentions: { parse: [] },
  };
}
