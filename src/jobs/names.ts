import { z } from 'zod';

/**
 * Value rules shared by the bot (first check) and the runner (second check). A refused
 * value names the rule it broke.
 */

/** RFC 1123 label, as Kubernetes requires for Deployment and Pod names. */
export const k8sName = z
  .string()
  .min(1, 'a Kubernetes name cannot be empty')
  .max(63, 'a Kubernetes name has at most 63 characters (RFC 1123 label)')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'a Kubernetes name uses lowercase letters, digits and "-", and starts and ends with a letter or digit (RFC 1123 label)',
  );

/** Docker's tag grammar: `[\w][\w.-]{0,127}`. */
export const dockerTag = z
  .string()
  .regex(
    /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    'a Docker tag has 1 to 128 letters, digits, "_", "." or "-", and cannot start with "." or "-"',
  );

/** OpenStack resource names: printable, no control characters, at most 255. */
export const openstackName = z
  .string()
  .min(1)
  .max(255, 'an OpenStack name has at most 255 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/,
    'an OpenStack name here uses letters, digits, spaces, "_", "." and "-"',
  );

/** Team names double as queue names and Redis key parts. */
export const teamName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,30}$/,
    'a team name uses lowercase letters, digits and "-", at most 31 characters',
  );

/**
 * Pure: the replicas bound from LABOPS_MAX_REPLICAS, 20 when unset. A value that is not a whole
 * number from 1 to 500 gives undefined (start-up configuration reports it by name).
 */
export function maxReplicasSetting(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return 20;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : undefined;
}

/**
 * Replicas are bounded so a typo cannot exhaust a student's cloud: 20 unless LABOPS_MAX_REPLICAS
 * says otherwise. The bot, the CLI and the runner each read it when they check a value, so set
 * it alike everywhere.
 */
export function maxReplicas(env: NodeJS.ProcessEnv = process.env): number {
  return maxReplicasSetting(env.LABOPS_MAX_REPLICAS) ?? 20;
}

/** A replicas count from 0 to {@link maxReplicas} (read when a value is checked). */
export const replicas = z.coerce
  .number({ message: 'replicas must be a whole number' })
  .int('replicas must be a whole number')
  .min(0, 'replicas must be 0 or more')
  .superRefine((n, ctx) => {
    const max = maxReplicas();
    if (n > max)
      ctx.addIssue({
        code: 'too_big',
        origin: 'number',
        maximum: max,
        inclusive: true,
        input: n,
        message: `replicas must be at most ${max}`,
      });
  });
