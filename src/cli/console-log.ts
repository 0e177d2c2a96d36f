import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino, { type Logger } from 'pino';

/** Where the local console's process log goes: `<LABOPS_LOG_DIR>/labops-console.log`. */
export function consoleLogPath(logDir: string | undefined): string {
  return join(logDir ?? join(tmpdir(), `labops-logs-${process.getuid?.() ?? 'u'}`), 'labops-console.log');
}

const LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * Pure: one process-log record (a pino JSON line) as the console shows it: one line, its
 * level, message and the fields that identify it (code, ref, job), never a stack.
 */
export function compactLine(json: string): string {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.split('\n')[0] ?? '';
  }
  const level = LEVELS[Number(r.level)] ?? String(r.level);
  const err = r.err as { type?: string; message?: string } | undefined;
  const extra = [
    r.code ? `code ${String(r.code)}` : '',
    r.ref ? `ref ${String(r.ref)}` : '',
    r.jobId ? `job ${String(r.jobId)}` : '',
    err?.message ? `${err.type ?? 'error'}: ${String(err.message).split('\n')[0]}` : '',
  ].filter(Boolean);
  const msg = String(r.msg ?? '').split('\n')[0];
  return `labops ${level}: ${msg}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/**
 * The local console's process logger: every record at `level` and above, stack traces
 * included, to the file `file`; on `out`, only warnings and errors, one compact line each.
 */
export function consoleLogger(opts: { file: string; level?: string; out?: NodeJS.WritableStream }): Logger {
  mkdirSync(dirname(opts.file), { recursive: true });
  const out = opts.out ?? process.stderr;
  const compact = {
    write(line: string) {
      out.write(`${compactLine(line)}\n`);
    },
  };
  const level = opts.level ?? 'info';
  const file = pino.destination({ dest: opts.file, sync: true, append: true });
  return pino(
    { level, name: 'labops', base: { pid: process.pid } },
    pino.multistream([
      { level: level as pino.Level, stream: file },
      { level: 'warn', stream: compact },
    ]),
  );
}
