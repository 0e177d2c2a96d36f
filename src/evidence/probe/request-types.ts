import type { RequestOutcome } from './types.js';

/** Options of a single probe request. */
export interface RequestOnceOptions {
  url: URL;
  timeoutMs: number;
  /** performance.now() value that outcome times are relative to. */
  origin: number;
  signal?: AbortSignal;
  /** Bodies are cut here: a host name is in the first bytes, and a huge page must not fill memory. */
  maxBodyBytes?: number;
}

/** Called once per request: with its outcome, or with the signal's reason when aborted. */
export type RequestDone = (result: RequestOutcome | { abort: unknown }) => void;
