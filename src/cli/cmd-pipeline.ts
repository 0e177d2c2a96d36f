import { userInfo } from 'node:os';
import { LabClient } from '../client/lab-client.js';
import { deliverable, parseHookInput } from '../runners/pipeline/hook-input.js';
import { initPipeline } from '../runners/pipeline/init.js';
import { enqueuePush, readPipelineKeys } from '../runners/pipeline/trigger.js';
import { readConfig } from '../shared/config.js';
import { waitForRedis } from '../shared/redis.js';
import { resolveRedisUrl } from './local-state.js';

/** `labops pipeline init <dir>`: the team's app repository, its hook, key and webhook secret. */
export async function cmdPipelineInit(dir: string, o: { team?: string }): Promise<number> {
  const config = readConfig();
  const team = o.team ?? config.LABOPS_TEAM;
  const made = await initPipeline({ dir, team, redisUrl: resolveRedisUrl(config) });
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`pipeline of team ${team} ready in ${made.dir}`);
  say(`  repository: ${made.bare} (students push here: git push ssh://<user>@main${made.bare} main)`);
  say(`  working clone: ${made.clone} (first commit ${made.commit.slice(0, 7)})`);
  say(`  runner: set LABOPS_PIPELINE_DIR=${made.dir} and restart it`);
  say(`  webhook secret (GitHub, GitLab, Gitea): ${made.webhookSecretFile}`);
  return 0;
}

/**
 * `labops pipeline push --dir <dir>`, run by the bare repository's `post-receive` hook: a push
 * that moved `main` enqueues a `pipeline` job signed with the team's pipeline key.
 */
export async function cmdPipelinePush(dir: string, o: { team?: string }): Promise<number> {
  const input = await readStdin();
  const update = deliverable(parseHookInput(input));
  if (!update) {
    process.stdout.write('labops: no update of main in this push, so no pipeline run\n');
    return 0;
  }
  const config = readConfig();
  const team = o.team ?? config.LABOPS_TEAM;
  const redisUrl = resolveRedisUrl(config);
  const client = new LabClient(redisUrl, readPipelineKeys(dir).signing);
  try {
    await waitForRedis(client.redis, redisUrl);
    const pushedBy = process.env.LABOPS_PUSHER || process.env.USER || userInfo().username;
    const jobId = await enqueuePush(client, team, {
      ref: update.ref,
      commit: update.new,
      pushedBy,
      source: 'git-push',
    });
    process.stdout.write(
      `labops: pipeline ${jobId} queued for ${update.new.slice(0, 7)} (team ${team}); follow it with: labops run "/job ${jobId}"\n`,
    );
    return 0;
  } finally {
    await client.close();
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => {
      text += c;
      if (text.length > 1 << 20) reject(new Error('post-receive input over 1 MiB'));
    });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}
