import { z } from 'zod';
import { defineCommand } from './types.js';

/** `/checkpoint <1-6>`: collects the pictures and checks the criteria of one of the guide's checkpoints. */
export const checkpointCommand = defineCommand({
  name: 'checkpoint',
  description: {
    en: "Collect the evidence of one of the guide's checkpoints and check it",
    'pt-BR': 'Coleta as evidências de um checkpoint do roteiro e as verifica',
  },
  options: [
    {
      name: 'n',
      type: 'integer',
      required: true,
      min: 1,
      max: 6,
      description: { en: 'Checkpoint (1 to 6)', 'pt-BR': 'Checkpoint (1 a 6)' },
    },
  ],
  input: z
    .object({ n: z.number().int().min(1, 'checkpoints are 1 to 6').max(6, 'checkpoints are 1 to 6') })
    .strict(),
  job: () => 'checkpoint',
  toJobData: (i) => ({ n: i.n }),
});
