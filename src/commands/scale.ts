import { z } from 'zod';
import { k8sName, maxReplicas, replicas } from '../jobs/names.js';
import { defineCommand } from './types.js';

export const scale = defineCommand({
  name: 'scale',
  description: {
    en: 'Scale a deployment and wait until its replicas are ready',
    'pt-BR': 'Escala um deployment e espera as réplicas ficarem prontas',
  },
  options: [
    {
      name: 'deployment',
      type: 'string',
      required: true,
      autocomplete: 'deployments',
      description: {
        en: 'Deployment name, e.g. hello-node',
        'pt-BR': 'Nome do deployment, por exemplo hello-node',
      },
    },
    {
      name: 'replicas',
      type: 'integer',
      required: true,
      min: 0,
      get max() {
        return maxReplicas();
      },
      get description() {
        const max = maxReplicas();
        return { en: `Replicas (0 to ${max})`, 'pt-BR': `Réplicas (0 a ${max})` };
      },
    },
  ],
  input: z.object({ deployment: k8sName, replicas }).strict(),
  job: () => 'scale',
  toJobData: (i) => ({ deployment: i.deployment, replicas: i.replicas }),
});
