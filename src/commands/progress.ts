import { z } from 'zod';
import { teamsProgress } from '../client/checkpoint-progress.js';
import { formatProgress } from '../evidence/checkpoints/progress-table.js';
import { instructorsOnly } from './local.js';
import { defineCommand } from './types.js';

/** `/progress`: for instructors, every team × checkpoint with the time it was first passed (no job). */
export const progressCommand = defineCommand({
  local: 'read',
  teamless: true,
  name: 'progress',
  description: {
    en: 'Instructors: when each team first passed each checkpoint',
    'pt-BR': 'Instrutores: quando cada equipe passou cada checkpoint pela primeira vez',
  },
  options: [],
  input: z.object({}).strict(),
  async answer({ client, redis, classTeams, instructor }) {
    if (!instructor) return instructorsOnly('progress');
    const rows = await teamsProgress(client, redis, classTeams());
    return {
      text: {
        head: 'checkpoints',
        lines: formatProgress(rows).split('\n'),
        code: true,
        file: 'progress.txt',
        kind: 'table',
      },
    };
  },
});
