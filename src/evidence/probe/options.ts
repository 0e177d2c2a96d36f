import { z } from 'zod';
import { EvidenceError } from '../errors.js';

/** Default upper bound of requests per run: enough for a verdict, small enough to be polite. */
export const DEFAULT_MAX_REQUESTS = 10_000;
/** Upper bound of requests in flight. */
export const MAX_CONCURRENCY = 200;
/** Upper bound of one request's deadline. */
export const MAX_TIMEOUT_MS = 120_000;

/** An http(s) URL with a host; anything else is refused before a packet is sent. */
export const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL' },
);

/** Schema of the probe's numeric and URL options; `maxRequests` caps `requests`. */
export function probeSettingsSchema(maxRequests = DEFAULT_MAX_REQUESTS) {
  return z.object({
    url: httpUrl,
    requests: z.number().int().min(1).max(maxRequests),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY),
    timeoutMs: z.number().int().min(1).max(MAX_TIMEOUT_MS),
    expectedBackends: z.number().int().min(1).max(1000).optional(),
  });
}

/** Validated probe settings. */
export type ProbeSettings = z.infer<ReturnType<typeof probeSettingsSchema>>;

/** Validates settings or throws a BAD_PROBE_OPTIONS error naming each bad field. */
export function checkProbeSettings(value: unknown, maxRequests?: number): ProbeSettings {
  const parsed = probeSettingsSchema(maxRequests).safeParse(value);
  if (parsed.success) return parsed.data;
  throw new EvidenceError('BAD_PROBE_OPTIONS', describeIssues(parsed.error.issues));
}

/** One line per zod issue, `field: message`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}
