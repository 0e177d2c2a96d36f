import type { Logger } from 'pino';
import type { Requester } from '../jobs/envelope.js';
import type { ArtifactRef, ProgressEvent } from '../jobs/events.js';
import type { ArtifactStore } from '../services/artifacts.js';
import type { Config } from '../shared/config.js';
import type { Exec } from '../shared/exec.js';
import type { Clock } from './clock.js';
import type { LabTools } from './lab-tools.js';

/**
 * What a recipe step can use. Side effects are passed in, never reached for globally.
 * `S` is the recipe's state: what its steps hand to later steps and to its result.
 */
export interface RecipeContext<S extends object = object> {
  jobId: string;
  team: string;
  requestedBy: Requester;
  dryRun: boolean;
  /** Aborted on cancellation or when the job's time is up. */
  signal: AbortSignal;
  /** The one subprocess wrapper, bound to this job's log and dry-run mode. */
  exec: Exec;
  log: Logger;
  config: Config;
  artifacts: ArtifactStore;
  /** Reports a free-form message for the current step (coalesced before it reaches Redis). */
  say(message: string): void;
  /** Registers a secret made during the job (a passphrase, a key): redacted from every output from now on. */
  secret(value: string): void;
  /** Values steps hand to later steps and to the result (typed by the recipe, empty when the job starts). */
  state: S;
  /** Artifacts the job made, listed with its result (its log is added after them). */
  produced: ArtifactRef[];
  /** The lab's tools (juju, openstack, docker, kubectl), bound to the running step. */
  tools: LabTools;
  /** The lab's clock: every wait and poll takes its time from it. */
  clock: Clock;
  /** The environment the runner was started with (tools read credentials from it). */
  env: NodeJS.ProcessEnv;
}

/** Sends progress events of one job (to BullMQ in the runner, to a sink in tests). */
export type ProgressSink = (event: ProgressEvent) => Promise<void> | void;
