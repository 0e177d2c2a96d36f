import { z } from 'zod';
import { defineCommand } from './types.js';

const limit = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be at least 1`)
    .max(10_000, `${what} must be at most 10000`);

export const quota = defineCommand({
  name: 'quota',
  description: {
    en: 'Raise the OpenStack project quotas for cores and instances',
    'pt-BR': 'Aumenta as quotas de cores e instâncias do projeto OpenStack',
  },
  options: [
    {
      name: 'cores',
      type: 'integer',
      min: 1,
      max: 10_000,
      description: { en: 'vCPU cores (default 100)', 'pt-BR': 'Núcleos de vCPU (padrão 100)' },
    },
    {
      name: 'instances',
      type: 'integer',
      min: 1,
      max: 10_000,
      description: { en: 'Instances (default 100)', 'pt-BR': 'Instâncias (padrão 100)' },
    },
  ],
  input: z.object({ cores: limit('cores').optional(), instances: limit('instances').optional() }).strict(),
  job: () => 'quota',
  toJobData: (i) => ({ cores: i.cores ?? 100, instances: i.instances ?? 100 }),
});
