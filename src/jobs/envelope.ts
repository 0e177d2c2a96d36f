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

/**
 * A deterministic job id: the same request from the same person within the same window
 * (a double click, a retried interaction) maps to one job. BullMQ ids must not contain
 * ':' nor be all digits.
 */
export function deterministicJobId(
  parts: { team: string; name: string; data: unknown; requesterId: string },
  now = Date.now(),
  windowMs = 15_000,
): string {
  const bucket = Math.floor(now / windowMs);
  const h = createHash('sha256')
    .update(JSON.stringify([parts.team, parts.name, parts.data, parts.requesterId, bucket]))
    .digest('hex')
    .slice(0, 12);
  return `${parts.name}-${h}`;
}

/** A unique job id for requests that must never be merged. */
export function uniqueJobId(name: string): string {
  return `${name}-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
