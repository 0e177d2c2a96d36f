import { teamsProgress } from '../client/checkpoint-progress.js';
import type { LabClient } from '../client/lab-client.js';
import { formatProgress } from '../evidence/checkpoints/progress-table.js';
import { loadAccessConfig, queueOf } from '../services/access-config.js';
import { readConfig } from '../shared/config.js';

/**
 * `/progress` in the terminal: every configured team (LABOPS_CONFIG; else the current team)
 * × checkpoints, with the time each was first passed.
 */
export async function printProgress(
  client: LabClient,
  team: string,
  out: NodeJS.WritableStream,
): Promise<number> {
  const config = readConfig();
  const access = loadAccessConfig(config.LABOPS_CONFIG);
  const teams = access.configured
    ? access.teams.map((t) => ({ name: t.name, queue: queueOf(t) }))
    : [{ name: team, queue: team }];
  out.write(`${formatProgress(await teamsProgress(client, client.redis, teams))}\n`);
  return 0;
}
