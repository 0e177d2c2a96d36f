import { z } from 'zod';
import { dockerTag } from '../jobs/names.js';
import { defineCommand } from './types.js';

export const rollout = defineCommand({
  name: 'rollout',
  description: {
    en: 'Roll hello-node out to another image tag (rolled back by itself on failure)',
    'pt-BR': 'Atualiza o hello-node para outra tag (volta sozinho se falhar)',
  },
  options: [
    {
      name: 'tag',
      type: 'string',
      required: true,
      autocomplete: 'tags',
      description: { en: 'Image tag, e.g. v2', 'pt-BR': 'Tag da imagem, por exemplo v2' },
    },
  ],
  input: z.object({ tag: dockerTag }).strict(),
  job: () => 'rollout',
  toJobData: (i) => ({ tag: i.tag }),
});
