import { z } from 'zod';

/**
 * A git ref as a push names it (`refs/heads/main`, `refs/tags/v2`) or as a person types it
 * (`main`, `v2`, a commit id): git's check-ref-format rules that matter here, and never an
 * option (no leading "-").
 */
export const gitRef = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/-]+(?<![./])$/,
    'a git ref uses letters, digits, ".", "_", "-" and "/", e.g. main, refs/heads/main, v2 or a commit id',
  );

/** A full commit id (SHA-1 object name). */
export const commitId = z.string().regex(/^[0-9a-f]{40}$/, 'a commit id is 40 hexadecimal digits');

/** Where a pipeline run came from. */
export const PIPELINE_SOURCES = ['git-push', 'webhook', 'command'] as const;

/** The data of a `pipeline` job: which commit to deliver, who pushed it, and how it was asked for. */
export const pipelineJobData = z
  .object({
    ref: gitRef.default('main'),
    /** The pushed commit; when absent the runner resolves `ref` in the team's repository. */
    commit: commitId.optional(),
    /** Who pushed (the git user, or the webhook's pusher). */
    pushedBy: z.string().max(100).optional(),
    source: z.enum(PIPELINE_SOURCES).default('command'),
    /** The webhook delivery that asked for it (GitHub / Gitea delivery id, GitLab webhook-id). */
    delivery: z.string().max(100).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type PipelineJobData = z.output<typeof pipelineJobData>;
