import { z } from 'zod';
import { defineCommand } from './types.js';

/** `/audit [team] [since]`: who ran what, for instructors (answered by the bot, no job). */
export const auditCommand = defineCommand({
  local: 'read',
  name: 'audit',
  description: {
    en: 'Who ran what, and what came of it (instructors)',
    'pt-BR': 'Quem executou o quê, e o resultado (instrutores)',
  },
  options: [
    {
      name: 'since',
      type: 'string',
      description: {
        en: 'How far back: 1h, 30m, 2d or an ISO date',
        'pt-BR': 'Desde quando: 1h, 30m, 2d ou uma data ISO',
      },
    },
  ],
  input: z
    .object({
      since: z
        .string()
        .max(40)
        .regex(/^(\d{1,4}[smhd]|\d{4}-\d{2}-\d{2}[\dT:.Z+-]*)$/, 'since is 1h, 30m, 2d or an ISO date')
        .optional(),
    })
    .strict(),
});
