import type { FailureKind } from './types.js';

const BY_CODE: Record<string, FailureKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ETIMEDOUT: 'timeout',
};

/**
 * Maps a Node socket/HTTP error to a failure kind. Node reports a connection closed before
 * the reply ("socket hang up") with code ECONNRESET, so it lands in `reset` too.
 */
export function classifyError(err: unknown): { kind: FailureKind; detail: string } {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const kind = typeof code === 'string' ? (BY_CODE[code] ?? 'other') : 'other';
  const detail = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return { kind, detail };
}
