import { z } from 'zod';
import { defineCommand } from './types.js';

export const rollback = defineCommand({
  name: 'rollback',
  description: {
    en: 'Undo the last rollout of hello-node',
    'pt-BR': 'Desfaz a última atualização do hello-node',
  },
  options: [],
  input: z.object({}).strict(),
  job: () => 'rollback',
  toJobData: () => ({ deployment: 'hello-node' }),
});
