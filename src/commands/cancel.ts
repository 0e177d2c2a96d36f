import { z } from 'zod';
import { Codes } from '../shared/errors.js';
import { jobIdInput } from './job.js';
import { lineAnswer, refuse } from './local.js';
import { localTexts } from './local-texts.js';
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
  async answer({ input, client, team, lang }) {
    const tx = localTexts(lang);
    const r = await client.cancel(team.queue, input.id);
    if (r === 'not-found') return refuse(Codes.badInput, tx.noJob(input.id, team.name));
    return lineAnswer(tx.cancelResult(input.id, r), 'cancel.txt');
  },
});
