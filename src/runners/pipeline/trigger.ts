import { type KeyObject, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LabClient } from '../../client/lab-client.js';
import { jobs } from '../../jobs/definitions.js';
import type { PipelineJobData } from '../../jobs/pipeline-data.js';
import { loadPrivateKey, loadPublicKey } from '../../jobs/signing.js';
import { registerPush } from './history.js';
import { pipelineLayout } from './layout.js';

/** A push to deliver, from the git hook or a webhook. */
export interface PushRequest {
  ref: string;
  commit: string;
  pushedBy: string;
  source: PipelineJobData['source'];
  delivery?: string;
}

/** The team's pipeline key pair from `<dir>/.labops` (the private half signs, the public half verifies). */
export function readPipelineKeys(dir: string): { signing: KeyObject; verify: KeyObject } {
  const l = pipelineLayout(dir);
  return {
    signing: loadPrivateKey(readFileSync(l.key, 'utf8')),
    verify: loadPublicKey(readFileSync(l.pub, 'utf8')),
  };
}

/** The public half only, which is all a runner needs to accept the team's pipeline jobs. */
export function readPipelineVerifyKey(dir: string): KeyObject {
  return loadPublicKey(readFileSync(pipelineLayout(dir).pub, 'utf8'));
}

/**
 * Enqueues a `pipeline` job for a push, signed by `client`'s key (the team's pipeline key),
 * and records its place in the team's order of pushes. Returns the job id.
 */
export async function enqueuePush(client: LabClient, team: string, push: PushRequest): Promise<string> {
  const jobId = `pipeline-${push.commit.slice(0, 7)}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const def = jobs.pipeline;
  const data = def.data.parse({
    ref: push.ref,
    commit: push.commit,
    pushedBy: push.pushedBy,
    source: push.source,
    ...(push.delivery ? { delivery: push.delivery } : {}),
  });
  // The order first: a push that waits behind this one's registration is never mistaken for newer.
  await registerPush(client.redis, team, jobId, push.commit);
  await client.enqueue({
    team,
    jobId,
    def,
    data: data as Record<string, unknown>,
    requestedBy: { id: `git:${push.pushedBy}`.slice(0, 64), name: push.pushedBy.slice(0, 100), via: 'cli' },
  });
  return jobId;
}
