import { createHash, type KeyObject, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { teamName } from './names.js';
import { signPayload, verifyPayload } from './signing.js';

/** Who asked for a job: a Discord member, a terminal user or the local console. */
export const requester = z.object({
  id: z.string().min(1).max(64),
  name: z.string().max(100),
  via: z.enum(['discord', 'cli', 'console']),
  channelId: z.string().max(32).optional(),
  interactionId: z.string().max(32).optional(),
  locale: z.string().max(10).optional(),
});
export type Requester = z.infer<typeof requester>;

/**
 * What sits in BullMQ's `job.data`: clear text (never a secret), signed by the issuer.
 * `jobId` is inside the signature, so a signed payload cannot be replayed under another id.
 */
export const envelope = z
  .object({
    v: z.literal(1),
    jobId: z.string().min(1).max(100),
    team: teamName,
    name: z.string().min(1).max(40),
    data: z.record(z.string(), z.unknown()),
    requestedBy: requester,
    issuedAt: z.number().int().positive(),
    sig: z.string().min(1),
  })
  .strict();
export type Envelope = z.infer<typeof envelope>;
export type UnsignedEnvelope = Omit<Envelope, 'sig'>;

export function signEnvelope(unsigned: UnsignedEnvelope, key: KeyObject): Envelope {
  return { ...unsigned, sig: signPayload(unsigned, key) };
}

export function verifyEnvelope(env: Envelope, key: KeyObject): boolean {
  const { sig, ...unsigned } = env;
  return verifyPayload(unsigned, sig, key);
}

/** How long a repeated identical request counts as the same one (a double click, a retried interaction). */
export const JOB_ID_WINDOW_MS = 15_000;

/**
 * A deterministic job id: the same request from the same person within the same fixed window
 * of `windowMs` maps to one job. Alone it splits two requests on either side of a window
 * boundary; {@link requestJobId} closes that gap. BullMQ ids must not contain ':' nor be all digits.
 */
export function deterministicJobId(
  parts: { team: string; name: string; data: unknown; requesterId: string },
  now = Date.now(),
  windowMs = JOB_ID_WINDOW_MS,
): string {
  const bucket = Math.floor(now / windowMs);
  const h = createHash('sha256')
    .update(JSON.stringify([parts.team, parts.name, parts.data, parts.requesterId, bucket]))
    .digest('hex')
    .slice(0, 12);
  return `${parts.name}-${h}`;
}

/**
 * The job id of a request: the previous window's job when it exists and was created less than
 * `windowMs` before `now`, else this window's. So a request less than `windowMs` after the one
 * that created a job joins that job, whichever side of a window boundary the two fall on; a
 * request `windowMs` or more after it makes a new job. `createdAt` gives a job's creation time
 * (ms since the epoch), or null when there is no such job.
 */
export async function requestJobId(
  parts: { team: string; name: string; data: unknown; requesterId: string },
  createdAt: (jobId: string) => Promise<number | null>,
  now = Date.now(),
  windowMs = JOB_ID_WINDOW_MS,
): Promise<string> {
  const previous = deterministicJobId(parts, now - windowMs, windowMs);
  const at = await createdAt(previous);
  if (at !== null && now - at < windowMs) return previous;
  return deterministicJobId(parts, now, windowMs);
}

/** A unique job id for requests that must never be merged. */
export function uniqueJobId(name: string): string {
  return `${name}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
