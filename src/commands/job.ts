import { z } from 'zod';
import { defineCommand } from './types.js';

/** A job id as labops makes them: `scale-1a2b3c4d5e6f`. */
export const jobIdInput = z
  .string()
  .trim()
  .transform((s) => s.replace(/^#/, ''))
  .pipe(z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'a job id such as scale-1a2b3c4d5e6f'));

/** `/job <id>`: one job's state and result (answered by the bot, no job). */
export const jobCommand = defineCommand({
  local: 'read',
  name: 'job',
  description: { en: 'Show the state of one job', 'pt-BR': 'Mostra o estado de um job' },
  options: [
    {
      name: 'id',
      type: 'string',
      required: true,
      description: {
        en: 'The job id, e.g. scale-1a2b3c4d5e6f',
        'pt-BR': 'O id do job, ex. scale-1a2b3c4d5e6f',
      },
    },
  ],
  input: z.object({ id: jobIdInput }).strict(),
});
