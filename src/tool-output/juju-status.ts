import { z } from 'zod';

/*
 * `juju status --format=json`, in one place: the runner parses it with `jujuStatusSchema`, the
 * simulated juju builds documents of type `JujuStatusDoc`, and the fixture tests parse the real
 * captures (fixtures/real/juju-status-*.json) with it. Keys labops does not read are allowed
 * (loose objects), so new Juju fields break nothing.
 */

/**
 * Parser for `juju status --format=json`, both shapes: Juju 2.9 (`series`, `os`) and
 * 3.x (`base: {name, channel}`). Unknown keys are ignored so new Juju fields do not break it.
 */
export const statusInfo = z.looseObject({
  current: z.string(),
  message: z.string().optional(),
  since: z.string().optional(),
});

export const unitSchema = z.looseObject({
  'workload-status': statusInfo.optional(),
  'juju-status': statusInfo.extend({ version: z.string().optional() }).optional(),
  leader: z.boolean().optional(),
  machine: z.string().optional(),
  'public-address': z.string().optional(),
  address: z.string().optional(),
  'open-ports': z.array(z.string()).optional(),
  get subordinates() {
    return z.record(z.string(), unitSchema).optional();
  },
});

const baseSchema = z.looseObject({ name: z.string(), channel: z.string() });

export const appSchema = z.looseObject({
  charm: z.string().optional(),
  'charm-channel': z.string().optional(),
  'charm-rev': z.number().optional(),
  series: z.string().optional(),
  base: baseSchema.optional(),
  exposed: z.boolean().optional(),
  'application-status': statusInfo.optional(),
  'subordinate-to': z.array(z.string()).optional(),
  units: z.record(z.string(), unitSchema).optional(),
  relations: z
    .record(z.string(), z.array(z.union([z.string(), z.looseObject({ 'related-application': z.string() })])))
    .optional(),
  version: z.string().optional(),
});

export const machineSchema = z.looseObject({
  'juju-status': statusInfo.optional(),
  'machine-status': statusInfo.optional(),
  series: z.string().optional(),
  base: baseSchema.optional(),
  'dns-name': z.string().optional(),
  containers: z.record(z.string(), z.unknown()).optional(),
});

export const jujuStatusSchema = z.looseObject({
  model: z.looseObject({
    name: z.string(),
    type: z.string().optional(),
    controller: z.string().optional(),
    cloud: z.string().optional(),
    version: z.string().optional(),
  }),
  machines: z.record(z.string(), machineSchema).default({}),
  applications: z.record(z.string(), appSchema).default({}),
});

/** A `{current, message, since}` status block. */
export type JujuStatusInfo = z.input<typeof statusInfo>;
/** One unit (or subordinate unit) of an application. */
export type JujuUnitDoc = z.input<typeof unitSchema>;
/** One application. */
export type JujuAppDoc = z.input<typeof appSchema>;
/** One machine (or container). */
export type JujuMachineDoc = z.input<typeof machineSchema>;
/** The whole `juju status --format=json` document. */
export type JujuStatusDoc = z.input<typeof jujuStatusSchema>;
