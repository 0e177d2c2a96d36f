import { z } from 'zod';
import { k8sName } from '../jobs/names.js';
import { defineCommand } from './types.js';

export const chaos = defineCommand({
  name: 'chaos',
  description: {
    en: 'Break something on purpose and watch Kubernetes repair it',
    'pt-BR': 'Quebra algo de propósito e observa o Kubernetes consertar',
  },
  subcommands: [
    {
      name: 'delete-pod',
      description: {
        en: 'Delete one hello-node pod (a random Ready one by default)',
        'pt-BR': 'Apaga um pod do hello-node (um Ready ao acaso, por padrão)',
      },
      options: [
        {
          name: 'pod',
          type: 'string',
          autocomplete: 'pods',
          description: { en: 'Pod name (optional)', 'pt-BR': 'Nome do pod (opcional)' },
        },
      ],
    },
  ],
  input: z.object({ subcommand: z.literal('delete-pod'), pod: k8sName.optional() }).strict(),
  job: () => 'chaos-delete-pod',
  toJobData: (i) => (i.pod ? { pod: i.pod } : {}),
});
