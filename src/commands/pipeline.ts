import { z } from 'zod';
import { gitRef } from '../jobs/pipeline-data.js';
import { defineCommand } from './types.js';

/** `/pipeline run [ref]` delivers a commit of the team's repository; `/pipeline history` lists the last runs. */
export const pipelineCommand = defineCommand({
  name: 'pipeline',
  description: {
    en: "The team's delivery pipeline: build, push, roll out and verify a commit",
    'pt-BR': 'O pipeline de entrega da equipe: build, push, rollout e verificação de um commit',
  },
  subcommands: [
    {
      name: 'run',
      description: {
        en: 'Deliver a branch, tag or commit of the team repository (default main)',
        'pt-BR': 'Entrega um branch, tag ou commit do repositório da equipe (padrão main)',
      },
      options: [
        {
          name: 'ref',
          type: 'string',
          description: {
            en: 'Branch, tag or commit id, e.g. main',
            'pt-BR': 'Branch, tag ou commit, por exemplo main',
          },
        },
      ],
    },
    {
      name: 'history',
      description: {
        en: 'The last pipeline runs and the version now live',
        'pt-BR': 'As últimas execuções do pipeline e a versão no ar',
      },
      options: [
        {
          name: 'limit',
          type: 'integer',
          min: 1,
          max: 20,
          description: { en: 'How many (1 to 20)', 'pt-BR': 'Quantas (1 a 20)' },
        },
      ],
    },
  ],
  input: z.discriminatedUnion('subcommand', [
    z.object({ subcommand: z.literal('run'), ref: gitRef.optional() }).strict(),
    z
      .object({ subcommand: z.literal('history'), limit: z.number().int().min(1).max(20).optional() })
      .strict(),
  ]),
  job: (i) => (i.subcommand === 'run' ? 'pipeline' : 'pipeline-history'),
  toJobData: (i) =>
    i.subcommand === 'run'
      ? { ref: i.ref ?? 'main', source: 'command' }
      : { ...(i.limit ? { limit: i.limit } : {}) },
});
