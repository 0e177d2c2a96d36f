/**
 * Queue naming: BullMQ prefix `labops`, one queue per team named after it, so that every key
 * of a team lives under `labops:<team>:` (what the Redis ACLs of a runner allow).
 */
export const QUEUE_PREFIX = 'labops';

export function queueName(team: string): string {
  return team;
}

/** Keys labops adds beside BullMQ's own, all under the team's prefix. */
export const keys = {
  artifact: (team: string, id: string) => `${QUEUE_PREFIX}:${team}:artifact:${id}`,
  artifactMeta: (team: string, id: string) => `${QUEUE_PREFIX}:${team}:artifact:${id}:meta`,
  lock: (team: string) => `${QUEUE_PREFIX}:${team}:lab-lock`,
  cancel: (team: string, jobId: string) => `${QUEUE_PREFIX}:${team}:cancel:${jobId}`,
  cancelChannel: (team: string) => `${QUEUE_PREFIX}:${team}:cancel`,
  ran: (team: string, jobId: string) => `${QUEUE_PREFIX}:${team}:ran:${jobId}`,
  heartbeat: (team: string, runnerId: string) => `${QUEUE_PREFIX}:${team}:runner:${runnerId}`,
  heartbeats: (team: string) => `${QUEUE_PREFIX}:${team}:runner:*`,
};
