import { z } from 'zod';
import { defineCommand } from './types.js';

export const ping = defineCommand({
  name: 'ping',
  description: {
    en: 'Check that your team runner answers',
    'pt-BR': 'Verifica se o runner da equipe responde',
  },
  options: [
    {
      name: 'message',
      type: 'string',
      description: { en: 'Text the runner sends back', 'pt-BR': 'Texto que o runner devolve' },
    },
  ],
  input: z.object({ message: z.string().max(200, 'message has at most 200 characters').optional() }).strict(),
  job: () => 'ping',
  toJobData: (i) => ({ message: i.message ?? 'ping' }),
});
