/**
 * Errors raised by the evidence module. Each carries a stable `code` so callers (the runner's
 * error mapping, the CLI) can react by code instead of by `instanceof`, which breaks across
 * bundles and worker boundaries.
 */

/** Stable identifiers of evidence failures. */
export type EvidenceErrorCode =
  | 'PAGE_UNREACHABLE'
  | 'CHROMIUM_MISSING'
  | 'RENDER_FAILED'
  | 'LOGIN_REFUSED'
  | 'BAD_PROBE_OPTIONS';

/** Base class: a message safe to show users plus a stable code. */
export class EvidenceError extends Error {
  readonly code: EvidenceErrorCode;

  constructor(code: EvidenceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvidenceError';
    this.code = code;
  }
}

/** A page to screenshot could not be loaded (refused, timed out, DNS, TLS, ...). */
export class PageUnreachableError extends EvidenceError {
  readonly url: string;
  readonly reason: string;

  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super('PAGE_UNREACHABLE', `page ${url} unreachable: ${reason}`, options);
    this.name = 'PageUnreachableError';
    this.url = url;
    this.reason = reason;
  }
}

/** A web UI (Horizon, the Kubernetes dashboard) did not let the configured user in. */
export class LoginRefusedError extends EvidenceError {
  readonly url: string;
  readonly reason: string;

  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super('LOGIN_REFUSED', `login refused at ${url}: ${reason}`, options);
    this.name = 'LoginRefusedError';
    this.url = url;
    this.reason = reason;
  }
}

/** The system Chromium is not installed where we look for it. */
export class ChromiumMissingError extends EvidenceError {
  readonly path: string;

  constructor(path: string, options?: { cause?: unknown }) {
    super(
      'CHROMIUM_MISSING',
      `Chromium not found at ${path}: install the Debian package "chromium" ` +
        '(apt-get install -y chromium fonts-dejavu-core) or set CHROMIUM_PATH',
      options,
    );
    this.name = 'ChromiumMissingError';
    this.path = path;
  }
}

/** True when `err` is an evidence error with the given code (works without `instanceof`). */
export function hasEvidenceCode(err: unknown, code: EvidenceErrorCode): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
