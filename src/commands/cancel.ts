import { z } from 'zod';
import { jobIdInput } from './job.js';
import { defineCommand } from './types.js';

/** `/cancel <id>`: removes a waiting job or stops a running one (answered by the bot, no job). */
export const cancelCommand = defineCommand({
  local: 'write',
  name: 'cancel',
  description: {
    en: 'Cancel a job: a waiting one is removed, a running one is stopped',
    'pt-BR': 'Cancela um job: um na fila é removido, um em execução é interrompido',
  },
  options: [
    {
      name: 'id',
      type: 'string',
      required: true,
      description: { en: 'The job id', 'pt-BR': 'O id do job' },
    },
  ],
  input: z.object({ id: jobIdInput }).strict(),
});
