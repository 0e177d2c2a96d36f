import { z } from 'zod';
import { defineCommand } from './types.js';

export const status = defineCommand({
  name: 'status',
  description: {
    en: 'What is deployed in your lab and what is unhealthy',
    'pt-BR': 'O que está implantado no seu lab e o que não está saudável',
  },
  options: [],
  input: z.object({}).strict(),
  job: () => 'status',
  toJobData: () => ({}),
});
