import { z } from 'zod';
import { dockerTag } from '../jobs/names.js';
import { defineCommand } from './types.js';

const targets = ['octavia', 'webserver', 'k8s', 'hello-node'] as const;
const jobOf = {
  octavia: 'deploy-octavia',
  webserver: 'deploy-webserver',
  k8s: 'deploy-k8s',
  'hello-node': 'deploy-hello-node',
} as const;

export const deploy = defineCommand({
  name: 'deploy',
  description: {
    en: 'Deploy one part of the lab: Octavia, the web server, Kubernetes or hello-node',
    'pt-BR': 'Implanta uma parte do lab: Octavia, o web server, Kubernetes ou hello-node',
  },
  options: [
    {
      name: 'target',
      type: 'string',
      required: true,
      choices: targets,
      description: { en: 'What to deploy', 'pt-BR': 'O que implantar' },
    },
    {
      name: 'tag',
      type: 'string',
      autocomplete: 'tags',
      description: {
        en: 'Image tag for hello-node (default v1)',
        'pt-BR': 'Tag da imagem do hello-node (padrão v1)',
      },
    },
  ],
  input: z
    .object({ target: z.enum(targets), tag: dockerTag.optional() })
    .strict()
    .refine((i) => i.tag === undefined || i.target === 'hello-node', {
      message: 'tag only applies to /deploy hello-node',
      path: ['tag'],
    }),
  job: (i) => jobOf[i.target],
  toJobData: (i) => (i.target === 'hello-node' ? { tag: i.tag ?? 'v1' } : {}),
});
