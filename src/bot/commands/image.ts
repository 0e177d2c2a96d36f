import { z } from 'zod';
import { dockerTag } from '../../jobs/names.js';
import { defineCommand, type OptionDefinition } from './types.js';

const tag: OptionDefinition = {
  name: 'tag',
  type: 'string',
  required: true,
  description: { en: 'Image tag, e.g. v1 or v2', 'pt-BR': 'Tag da imagem, por exemplo v1 ou v2' },
};

export const image = defineCommand({
  name: 'image',
  description: {
    en: "Build or push the guide's hello-node image",
    'pt-BR': 'Constrói ou envia a imagem hello-node do roteiro',
  },
  subcommands: [
    {
      name: 'build',
      description: { en: 'docker build of hello-node:<tag>', 'pt-BR': 'docker build de hello-node:<tag>' },
      options: [tag],
    },
    {
      name: 'push',
      description: { en: 'docker push to Docker Hub', 'pt-BR': 'docker push para o Docker Hub' },
      options: [tag],
    },
  ],
  input: z.object({ subcommand: z.enum(['build', 'push']), tag: dockerTag }).strict(),
  job: (i) => (i.subcommand === 'build' ? 'image-build' : 'image-push'),
  toJobData: (i) => ({ tag: i.tag }),
});
