import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LabClient } from '../../client/lab-client.js';
import type { Logger } from '../../shared/logger.js';
import { connectRedis } from '../../shared/redis.js';
import type { Recipe } from '../recipe.js';
import { pipelineRecipes } from '../recipes/pipeline.js';
import { pipelineLayout } from './layout.js';
import { enqueuePush, readPipelineKeys } from './trigger.js';
import { webhookHandler } from './webhook-server.js';

/** What a runner adds when its team has a pipeline (`LABOPS_PIPELINE_DIR`). */
export interface RunnerPipeline {
  recipes: Record<string, Recipe<any, any>>;
  /** The team's pipeline key (public half): accepted for this team's `pipeline` jobs only. */
  pipelineKey: KeyObject;
  /** `POST /hooks/git` on the runner's HTTP server. */
  app: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

/**
 * The pipeline of the runner's team, from `labops pipeline init <dir>`: the pipeline recipes,
 * the key that verifies the hook's and the webhook's jobs, and the webhook handler (which
 * signs its jobs with the same per-team key, so it can start this team's pipeline and nothing else).
 */
export function runnerPipeline(o: {
  dir: string;
  team: string;
  redisUrl: string;
  log?: Logger;
}): RunnerPipeline {
  const redis = connectRedis(o.redisUrl, 'producer');
  const keys = readPipelineKeys(o.dir);
  const client = new LabClient(o.redisUrl, keys.signing);
  const secret = readFileSync(pipelineLayout(o.dir).webhookSecret, 'utf8').trim();
  return {
    recipes: pipelineRecipes({ redis, dir: o.dir }),
    pipelineKey: keys.verify,
    app: webhookHandler({
      team: o.team,
      secret,
      redis,
      log: o.log,
      enqueue: (push) => enqueuePush(client, o.team, push),
    }),
    close: async () => {
      await client.close();
      redis.disconnect();
    },
  };
}
