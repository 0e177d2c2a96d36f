import { join } from 'node:path';

/**
 * The folder of a team's delivery pipeline (`labops pipeline init <dir>`), on the team's `main`:
 * the bare repository students push to, a working clone, and the pipeline's own files.
 */
export const pipelineLayout = (dir: string) => ({
  bare: join(dir, 'hello-node.git'),
  clone: join(dir, 'hello-node'),
  /** The pipeline's files: keys, webhook secret, the hook's settings, checkouts. Mode 0700. */
  own: join(dir, '.labops'),
  /** The team's pipeline key (Ed25519, private, 0600): signs `pipeline` jobs of this team only. */
  key: join(dir, '.labops', 'pipeline.key'),
  /** Its public half: the runner accepts it for this team's `pipeline` jobs, nothing else. */
  pub: join(dir, '.labops', 'pipeline.pub'),
  /** The webhook secret (0600), the same for GitHub, GitLab and Gitea. */
  webhookSecret: join(dir, '.labops', 'webhook.secret'),
  /** Settings the post-receive hook reads (LABOPS_TEAM, REDIS_URL), 0600. */
  hookEnv: join(dir, '.labops', 'hook.env'),
  /** Checkouts of pushed commits, one folder per commit. */
  builds: join(dir, '.labops', 'builds'),
});
