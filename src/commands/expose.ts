import { z } from 'zod';
import { defineCommand } from './types.js';

const modes = ['nodeport', 'ingress', 'loadbalancer'] as const;

export const expose = defineCommand({
  name: 'expose',
  description: {
    en: 'Expose hello-node through a NodePort, an Ingress or a LoadBalancer',
    'pt-BR': 'Expõe o hello-node por NodePort, Ingress ou LoadBalancer',
  },
  options: [
    {
      name: 'mode',
      type: 'string',
      required: true,
      choices: modes,
      description: { en: 'How to expose it', 'pt-BR': 'Como expor' },
    },
  ],
  input: z.object({ mode: z.enum(modes) }).strict(),
  job: () => 'expose',
  toJobData: (i) => ({ mode: i.mode }),
});
