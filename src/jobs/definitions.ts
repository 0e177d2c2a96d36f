import { z } from 'zod';
import { dockerTag, k8sName, maxReplicas, replicas } from './names.js';
import { pipelineJobData } from './pipeline-data.js';

/** How a job is retried when it fails with an internal (non-user) error. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** One job of the contract: its data, whether it changes the lab, its clock and retries. */
export interface JobDefinition<D extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  data: D;
  mutates: boolean;
  /** For a job that changes the lab only with some data (checkpoint 6 deletes a pod). */
  mutatesWhen?: (data: z.output<D>) => boolean;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** Whether this job, with this data, changes the lab (and so takes the lab lock and asks first). */
export function jobMutates(def: JobDefinition, data: unknown): boolean {
  return def.mutates || Boolean(def.mutatesWhen?.(data as never));
}

const dryRun = { dryRun: z.boolean().default(false) };
/** The checkpoints the team has passed, read by the issuer from the team's record (`/next`, `/status`). */
const passedCheckpoints = z.array(z.number().int().min(1).max(6)).max(6).default([]);
const min = 60_000;
const once: RetryPolicy = { attempts: 1, backoffMs: 0 };
const transient: RetryPolicy = { attempts: 3, backoffMs: 2_000 };

function define<D extends z.ZodType>(def: JobDefinition<D>): JobDefinition<D> {
  return def;
}

/** What `/lb probe during:<…>` probes through: deleting one pod, or rolling out a tag. */
export const LB_PROBE_DURING = ['delete-pod', 'rollout'] as const;

/** Every job labops knows, keyed by name. The runner may implement a subset (see its recipes). */
export const jobs = {
  ping: define({
    name: 'ping',
    description: 'Checks that the team runner answers',
    data: z
      .object({
        message: z
          .string()
          .max(200)
          .refine((m) => !/\p{Cc}/u.test(m.replace(/[\t\n]/g, '')), 'message may not hold control characters')
          .default('ping'),
        ...dryRun,
      })
      .strict(),
    mutates: false,
    timeoutMs: 30_000,
    retry: transient,
  }),
  status: define({
    name: 'status',
    description: 'Summarises the lab: Juju applications and units, and what is unhealthy',
    data: z.object({ passed: passedCheckpoints, ...dryRun }).strict(),
    mutates: false,
    timeoutMs: 2 * min,
    retry: transient,
  }),
  next: define({
    name: 'next',
    description: 'Says where the team stands in the guide and the one command to type next',
    data: z
      .object({
        passed: passedCheckpoints,
        ...dryRun,
      })
      .strict(),
    mutates: false,
    timeoutMs: 4 * min,
    retry: transient,
  }),
  'deploy-octavia': define({
    name: 'deploy-octavia',
    description: 'Installs the Octavia load balancer on the OpenStack cloud',
    data: z.object({ ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 120 * min,
    retry: once,
  }),
  quota: define({
    name: 'quota',
    description: 'Raises the project quotas for cores and instances',
    data: z
      .object({
        cores: z.coerce.number().int().min(1).max(10_000).default(100),
        instances: z.coerce.number().int().min(1).max(10_000).default(100),
        ...dryRun,
      })
      .strict(),
    mutates: true,
    timeoutMs: 5 * min,
    retry: transient,
  }),
  'deploy-webserver': define({
    name: 'deploy-webserver',
    description: 'Creates the web-server instance with its security group and floating IP',
    data: z.object({ ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 30 * min,
    retry: once,
  }),
  'image-build': define({
    name: 'image-build',
    description: "Builds the guide's hello-node image",
    data: z.object({ tag: dockerTag, ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 20 * min,
    retry: once,
  }),
  'image-push': define({
    name: 'image-push',
    description: 'Pushes the hello-node image to Docker Hub',
    data: z.object({ tag: dockerTag, ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 20 * min,
    retry: transient,
  }),
  'image-run': define({
    name: 'image-run',
    description: 'Runs the hello-node image as a container on the Docker host, published on 8081',
    data: z.object({ tag: dockerTag, ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 10 * min,
    retry: once,
  }),
  'deploy-k8s': define({
    name: 'deploy-k8s',
    description: 'Deploys Kubernetes on OpenStack with Juju',
    data: z.object({ ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 180 * min,
    retry: once,
  }),
  'deploy-hello-node': define({
    name: 'deploy-hello-node',
    description: 'Creates the hello-node deployment from the pushed image',
    data: z.object({ tag: dockerTag.default('v1'), ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 10 * min,
    retry: once,
  }),
  scale: define({
    name: 'scale',
    get description() {
      return `Scales a deployment (0 to ${maxReplicas()} replicas) and waits until they are ready`;
    },
    data: z.object({ deployment: k8sName, replicas, ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 10 * min,
    retry: once,
  }),
  expose: define({
    name: 'expose',
    description: 'Exposes hello-node through a NodePort, an Ingress or a LoadBalancer',
    data: z.object({ mode: z.enum(['nodeport', 'ingress', 'loadbalancer']), ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 30 * min,
    retry: once,
  }),
  rollout: define({
    name: 'rollout',
    description: 'Rolls hello-node out to another image tag, and back on failure',
    data: z.object({ tag: dockerTag, ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 15 * min,
    retry: once,
  }),
  rollback: define({
    name: 'rollback',
    description: 'Undoes the last rollout of hello-node',
    data: z.object({ deployment: k8sName.default('hello-node'), ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 15 * min,
    retry: once,
  }),
  'chaos-delete-pod': define({
    name: 'chaos-delete-pod',
    description: 'Deletes one hello-node pod and watches its replacement',
    data: z.object({ pod: k8sName.optional(), ...dryRun }).strict(),
    mutates: true,
    timeoutMs: 10 * min,
    retry: once,
  }),
  'lb-probe': define({
    name: 'lb-probe',
    description:
      'Probes the load balancer with a new connection per request, optionally while deleting a pod or rolling out a tag',
    data: z
      .object({
        requests: z.coerce.number().int().min(1).max(5_000).default(100),
        during: z.enum(LB_PROBE_DURING, { message: 'during is delete-pod or rollout' }).optional(),
        tag: dockerTag.optional(),
        ...dryRun,
      })
      .strict()
      .superRefine((d, c) => {
        if (d.during === 'rollout' && d.tag === undefined)
          c.addIssue({
            code: 'custom',
            path: ['tag'],
            message: 'during:rollout needs the tag to roll out, e.g. tag:v2',
          });
        if (d.during !== 'rollout' && d.tag !== undefined)
          c.addIssue({ code: 'custom', path: ['tag'], message: 'tag goes only with during:rollout' });
      }),
    mutates: false,
    // With `during` it deletes a pod or rolls out an image while it probes.
    mutatesWhen: (d) => d.during !== undefined,
    timeoutMs: 15 * min,
    retry: once,
  }),
  checkpoint: define({
    name: 'checkpoint',
    description: "Collects and checks the evidence of one of the guide's six checkpoints",
    data: z.object({ n: z.coerce.number().int().min(1).max(6), ...dryRun }).strict(),
    mutates: false,
    // Checkpoint 6 deletes a pod to show the service survives it.
    mutatesWhen: (d) => d.n === 6,
    timeoutMs: 15 * min,
    retry: once,
  }),
  pipeline: define({
    name: 'pipeline',
    description: 'Delivers a pushed commit: checkout, build, push, rollout, verify; rolled back on failure',
    data: pipelineJobData,
    mutates: true,
    timeoutMs: 40 * min,
    retry: once,
  }),
  'pipeline-history': define({
    name: 'pipeline-history',
    description: "Lists the team's last pipeline runs and the version now live",
    data: z.object({ limit: z.coerce.number().int().min(1).max(20).default(10), ...dryRun }).strict(),
    mutates: false,
    timeoutMs: 2 * min,
    retry: transient,
  }),
} as const;

export type JobName = keyof typeof jobs;
export type JobData<N extends JobName> = z.output<(typeof jobs)[N]['data']>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}
