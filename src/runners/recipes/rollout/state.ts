/** What a rollout's steps hand on (`/rollout`, and `/lb probe during:rollout`). */
export interface RolloutState {
  /** The image before the rollout (none when the deployment had no container image). */
  from?: string;
  /** The image rolled out to. */
  to?: string;
  /** The deployment already ran `to`: nothing was rolled out. */
  already?: boolean;
  /** Where hello-node answered before the rollout. */
  url?: string;
  /** What it answered before the rollout. */
  before?: string[];
  /** What the answers said after it. */
  answers?: string;
}
