import { auditCommand } from './audit.js';
import { cancelCommand } from './cancel.js';
import { chaos } from './chaos.js';
import { checkpointCommand } from './checkpoint.js';
import { dashboardCommand } from './dashboard.js';
import { deploy } from './deploy.js';
import { expose } from './expose.js';
import { helpCommand } from './help.js';
import { image } from './image.js';
import { jobCommand } from './job.js';
import { jobsCommand } from './jobs.js';
import { lb } from './lb.js';
import { nextCommand } from './next.js';
import { ping } from './ping.js';
import { pipelineCommand } from './pipeline.js';
import { progressCommand } from './progress.js';
import { quota } from './quota.js';
import { rollback } from './rollback.js';
import { rollout } from './rollout.js';
import { runnersCommand } from './runners.js';
import { scale } from './scale.js';
import { status } from './status.js';
import type { CommandDefinition } from './types.js';

/** Every slash command, in the order `/help` lists them (the order of the lab). */
export const commands: CommandDefinition<any>[] = [
  status,
  nextCommand,
  deploy,
  quota,
  image,
  scale,
  expose,
  rollout,
  rollback,
  pipelineCommand,
  chaos,
  ping,
  jobsCommand,
  jobCommand,
  cancelCommand,
  runnersCommand,
  auditCommand,
  helpCommand,
  lb,
  checkpointCommand,
  progressCommand,
  dashboardCommand,
];

export function findCommand(name: string): CommandDefinition<any> | undefined {
  return commands.find((c) => c.name === name);
}
