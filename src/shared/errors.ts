import { randomBytes } from 'node:crypto';

/**
 * An error the requester can act on: a stable `code` and a message safe to show in the
 * channel. Never retried. Everything else is internal and shown as "failed (ref: …)".
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Detects a UserError by name too, so errors crossing module copies still match. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError || (err instanceof Error && err.name === 'UserError' && 'code' in err);
}

/** A short reference id that ties a user-facing "failed (ref: …)" to the log line. */
export function newRef(): string {
  return randomBytes(4).toString('hex');
}

/** How an error travels through BullMQ's `failedReason` string: `[CODE] message`. */
export function encodeFailure(code: string, message: string): string {
  return `[${code}] ${message}`;
}

/** Parses a `failedReason` back into code and message; anything unframed is INTERNAL. */
export function decodeFailure(reason: string | undefined): { code: string; message: string } {
  const m = /^\[([A-Z][A-Z0-9_]*)\] ([\s\S]*)$/.exec(reason ?? '');
  if (m) return { code: m[1]!, message: m[2]! };
  return { code: 'INTERNAL', message: reason || 'failed without a reason' };
}

/** Error codes shared by every process. */
export const Codes = {
  signatureInvalid: 'SIGNATURE_INVALID',
  teamMismatch: 'TEAM_MISMATCH',
  replayed: 'JOB_REPLAYED',
  expired: 'JOB_EXPIRED',
  badInput: 'BAD_INPUT',
  unknownCommand: 'UNKNOWN_COMMAND',
  unknownJob: 'UNKNOWN_JOB',
  cancelled: 'CANCELLED',
  timeout: 'TIMEOUT',
  labBusy: 'LAB_BUSY',
  unhealthy: 'CLOUD_UNHEALTHY',
  toolMissing: 'TOOL_MISSING',
  toolFailed: 'TOOL_FAILED',
  config: 'CONFIG',
  notConfirmed: 'NOT_CONFIRMED',
  notReady: 'NOT_READY',
} as const;
