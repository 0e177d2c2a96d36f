import { z } from 'zod';
import { dockerTag } from '../jobs/names.js';
import { defineCommand, type OptionDefinition } from './types.js';

const tag: OptionDefinition = {
  name: 'tag',
  type: 'string',
  required: true,
  autocomplete: 'tags',
  description: { en: 'Image tag, e.g. v1 or v2', 'pt-BR': 'Tag da imagem, por exemplo v1 ou v2' },
};

export const image = defineCommand({
  name: 'image',
  description: {
    en: "Build, push or run the guide's hello-node image",
    'pt-BR': 'Constrói, envia ou executa a imagem hello-node do roteiro',
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
    {
      name: 'run',
      description: {
        en: 'docker run -d -p 8081:8080 hello-node:<tag> on the Docker host',
        'pt-BR': 'docker run -d -p 8081:8080 hello-node:<tag> no host do Docker',
      },
      options: [tag],
    },
  ],
  input: z.object({ subcommand: z.enum(['build', 'push', 'run']), tag: dockerTag }).strict(),
  job: (i) =>
    i.subcommand === 'build' ? 'image-build' : i.subcommand === 'push' ? 'image-push' : 'image-run',
  toJobData: (i) => ({ tag: i.tag }),
});
