import { randomBytes } from 'node:crypto';

/**
 * An error the requester can act on: a stable `code` and a message safe to show in the
 * channel. Never retried. Everything else is internal and shown as "failed (ref: …)".
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: Code,
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
export function encodeFailure(code: Code, message: string): string {
  return `[${code}] ${message}`;
}

/** Parses a `failedReason` back into code and message; anything unframed is INTERNAL. */
export function decodeFailure(reason: string | undefined): { code: string; message: string } {
  const m = /^\[([A-Z][A-Z0-9_]*)\] ([\s\S]*)$/.exec(reason ?? '');
  if (m) return { code: m[1]!, message: m[2]! };
  return { code: 'INTERNAL', message: reason || 'failed without a reason' };
}

/**
 * Every error code a job, the bot or the console can answer with, and what it means. The
 * README's troubleshooting table lists these (a unit test keeps it in step).
 */
export const codeDescriptions = {
  INTERNAL: 'An unexpected failure; the reply carries a `ref` to look up in the logs.',
  SIGNATURE_INVALID:
    "The job's signature did not verify: bot and runner hold different `LABOPS_SIGNING_KEY`s.",
  TEAM_MISMATCH: 'The job was signed for another team than the queue it came from.',
  JOB_REPLAYED: 'The same signed job was delivered twice; the second copy is refused.',
  JOB_EXPIRED: 'The job waited in the queue past its validity; run the command again.',
  BAD_INPUT: "The command's options do not fit (a name, a number, a URL); the message names the option.",
  UNKNOWN_COMMAND: 'No command of that name; `/help` lists them.',
  UNKNOWN_JOB: 'The runner does not know that job: bot and runner run different versions.',
  CANCELLED: 'The job was cancelled (`/cancel`).',
  TIMEOUT: 'The job ran past its time limit.',
  LAB_BUSY: "Another job holds the team's lab lock; wait for it or `/cancel` it.",
  CLOUD_UNHEALTHY: 'The cloud is not healthy enough for this step; fix what `juju status` shows first.',
  TOOL_MISSING: 'A command-line tool (juju, openstack, docker, kubectl) is not installed on the runner host.',
  TOOL_FAILED: 'A command-line tool exited with an error; the message quotes its last line.',
  CONFIG: 'A setting is missing or wrong (Redis URL, token, key); the message names it.',
  NOT_CONFIRMED: 'A destructive command was not confirmed.',
  RATE_LIMITED: 'Too many commands in a short time; wait the time the message gives.',
  UNSAFE_RESUME:
    'A job was interrupted in a step that cannot safely be run twice; check the lab, then run it again.',
  NOT_READY:
    'The lab is not ready for this command yet; the message names what is missing and the command to run first.',
  JUJU_SYNTAX: 'juju refused the command line (an option or argument).',
  JUJU_AMBIGUOUS_RELATION: 'juju needs the endpoint named to relate two applications.',
  JUJU_NOT_FOUND: 'The juju application, unit or model named does not exist.',
  JUJU_UNIT_ERROR: 'A juju unit is in error; see `juju status` and `juju debug-log`.',
  JUJU_ACTION_FAILED: 'A juju action failed; its message is quoted.',
  JUJU_MISSING_RELATION: 'A juju application is blocked waiting for a relation.',
  JUJU_BLOCKED: 'A juju application is blocked; its status message says why.',
  WAIT_TIMEOUT: 'The model did not settle in time; the message lists what was still waiting.',
  VAULT_SEALED: 'Vault is sealed or not initialised; unseal it, then run the command again.',
  OCTAVIA_CERTIFICATES_MISSING: 'Octavia has no certificates yet (`configure-resources` needs them).',
  OCTAVIA_CONFIGURE_RESOURCES: 'Octavia waits for its `configure-resources` action.',
  OPENSTACK_TLS_UNTRUSTED: "The OpenStack endpoint's certificate is not trusted by the runner.",
  OPENSTACK_CREDENTIALS: 'The OpenStack credentials were refused.',
  OPENSTACK_QUOTA_EXCEEDED: 'The OpenStack project is out of quota (instances, cores, IPs).',
  OPENSTACK_NOT_FOUND: 'The OpenStack resource named does not exist.',
  OPENSTACK_SERVICE_MISSING:
    'The OpenStack service is not in the catalog (for example Octavia not deployed).',
  OPENSTACK_SERVER_ERROR: 'An OpenStack instance went to ERROR; the message gives its fault.',
  LOADBALANCER_UNHEALTHY: 'The load balancer is up but its members do not answer its health monitor.',
  LOADBALANCER_FAILED: 'Octavia could not build the load balancer (amphora image, quota or lb-mgmt network).',
  DOCKER_ACCESS_DENIED: "The runner's user may not use the Docker daemon (docker group).",
  DOCKER_DAEMON_UNREACHABLE: 'The Docker daemon does not answer.',
  DOCKER_BUILD_FAILED: 'The image build failed; the message quotes the failing step.',
  DOCKER_PORT_TAKEN: 'The host port asked for is already in use.',
  IMAGE_NOT_FOUND: 'The image named is not on the host or in the registry.',
  KUBE_UNREACHABLE: 'The Kubernetes API does not answer.',
  KUBE_FORBIDDEN: 'The Kubernetes credentials may not do this.',
  KUBE_NOT_FOUND: 'The Kubernetes object named does not exist.',
  ROLLOUT_DEADLINE_EXCEEDED: 'The deployment did not roll out before its deadline.',
  IMAGE_PULL_FAILED: 'Kubernetes could not pull the image (name, tag or registry access).',
  IMAGE_PULL_RATE_LIMITED: "The registry refused the pull for too many requests (Docker Hub's limit).",
  NO_PREVIOUS_REVISION: 'The deployment has no earlier revision to roll back to.',
  DEPLOYMENT_PAUSED: 'The deployment is paused, so it cannot be rolled back; resume it first.',
  PIPELINE_CONFIG_INVALID: "The repository's `labops.yaml` does not fit; the message names the line and key.",
  PIPELINE_REF_UNKNOWN:
    "The team's repository has no commit by that name; push it or name a branch, tag or commit.",
  PIPELINE_VERIFY_FAILED: 'The new version failed its checks after delivery; the message says which.',
} as const;

/** One error code: the closed set of `codeDescriptions`. */
export type Code = keyof typeof codeDescriptions;

/** True when `s` is one of the known error codes. */
export function isCode(s: string): s is Code {
  return Object.hasOwn(codeDescriptions, s);
}

/** The error codes by the name the code uses for them. */
export const Codes = {
  internal: 'INTERNAL',
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
  rateLimited: 'RATE_LIMITED',
  unsafeResume: 'UNSAFE_RESUME',
  notReady: 'NOT_READY',
  jujuSyntax: 'JUJU_SYNTAX',
  jujuAmbiguousRelation: 'JUJU_AMBIGUOUS_RELATION',
  jujuNotFound: 'JUJU_NOT_FOUND',
  jujuUnitError: 'JUJU_UNIT_ERROR',
  jujuActionFailed: 'JUJU_ACTION_FAILED',
  jujuMissingRelation: 'JUJU_MISSING_RELATION',
  jujuBlocked: 'JUJU_BLOCKED',
  waitTimeout: 'WAIT_TIMEOUT',
  vaultSealed: 'VAULT_SEALED',
  octaviaCertificates: 'OCTAVIA_CERTIFICATES_MISSING',
  octaviaConfigureResources: 'OCTAVIA_CONFIGURE_RESOURCES',
  osTls: 'OPENSTACK_TLS_UNTRUSTED',
  osCredentials: 'OPENSTACK_CREDENTIALS',
  osQuota: 'OPENSTACK_QUOTA_EXCEEDED',
  osNotFound: 'OPENSTACK_NOT_FOUND',
  osServiceMissing: 'OPENSTACK_SERVICE_MISSING',
  osServerError: 'OPENSTACK_SERVER_ERROR',
  lbUnhealthy: 'LOADBALANCER_UNHEALTHY',
  lbFailed: 'LOADBALANCER_FAILED',
  dockerDenied: 'DOCKER_ACCESS_DENIED',
  dockerDaemon: 'DOCKER_DAEMON_UNREACHABLE',
  dockerBuildFailed: 'DOCKER_BUILD_FAILED',
  dockerPortTaken: 'DOCKER_PORT_TAKEN',
  imageNotFound: 'IMAGE_NOT_FOUND',
  kubeUnreachable: 'KUBE_UNREACHABLE',
  kubeForbidden: 'KUBE_FORBIDDEN',
  kubeNotFound: 'KUBE_NOT_FOUND',
  rolloutDeadline: 'ROLLOUT_DEADLINE_EXCEEDED',
  imagePull: 'IMAGE_PULL_FAILED',
  imagePullRateLimited: 'IMAGE_PULL_RATE_LIMITED',
  noPreviousRevision: 'NO_PREVIOUS_REVISION',
  deploymentPaused: 'DEPLOYMENT_PAUSED',
  pipelineConfigInvalid: 'PIPELINE_CONFIG_INVALID',
  pipelineRefUnknown: 'PIPELINE_REF_UNKNOWN',
  pipelineVerifyFailed: 'PIPELINE_VERIFY_FAILED',
} as const satisfies Record<string, Code>;
