import { z } from 'zod';
import { defineCommand } from './types.js';

/** `/next`: where the team stands in the guide, and the one command to type next. */
export const nextCommand = defineCommand({
  name: 'next',
  description: {
    en: 'Where your team stands in the guide, and the one command to type next',
    'pt-BR': 'Onde sua equipe está no roteiro, e o próximo comando a digitar',
  },
  options: [],
  input: z.object({}).strict(),
  job: () => 'next',
  toJobData: () => ({}),
});
