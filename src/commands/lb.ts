import { z } from 'zod';
import { LB_PROBE_DURING } from '../jobs/definitions.js';
import { dockerTag } from '../jobs/names.js';
import { defineCommand } from './types.js';

/** Upper bound of `/lb probe` requests in the command (a runner may allow fewer: LABOPS_PROBE_MAX_REQUESTS). */
export const LB_PROBE_MAX = 5_000;

/**
 * `/lb probe [requests] [during] [tag]`: probes hello-node's LoadBalancer, a new connection per
 * request; with `during` it keeps probing while it deletes a pod or rolls out `tag`.
 */
export const lb = defineCommand({
  name: 'lb',
  description: {
    en: 'Check the load balancer in front of hello-node',
    'pt-BR': 'Verifica o balanceador de carga na frente do hello-node',
  },
  subcommands: [
    {
      name: 'probe',
      description: {
        en: 'Send requests to the external IP and show which pod answered each',
        'pt-BR': 'Envia requisições ao IP externo e mostra qual pod respondeu cada uma',
      },
      options: [
        {
          name: 'requests',
          type: 'integer',
          min: 1,
          max: LB_PROBE_MAX,
          description: {
            en: `How many requests (1 to ${LB_PROBE_MAX}, default 100; with during, the least sent)`,
            'pt-BR': `Quantas requisições (1 a ${LB_PROBE_MAX}, padrão 100; com during, o mínimo enviado)`,
          },
        },
        {
          name: 'during',
          type: 'string',
          choices: LB_PROBE_DURING,
          description: {
            en: 'Keep probing while deleting one pod or rolling out a tag (changes the lab)',
            'pt-BR': 'Continua enviando enquanto apaga um pod ou atualiza para uma tag (altera o lab)',
          },
        },
        {
          name: 'tag',
          type: 'string',
          autocomplete: 'tags',
          description: {
            en: 'Image tag to roll out with during:rollout, e.g. v2',
            'pt-BR': 'Tag da imagem para during:rollout, por exemplo v2',
          },
        },
      ],
    },
  ],
  input: z
    .object({
      subcommand: z.literal('probe'),
      requests: z
        .number()
        .int()
        .min(1, 'requests must be at least 1')
        .max(LB_PROBE_MAX, `requests is at most ${LB_PROBE_MAX}`)
        .optional(),
      during: z
        .enum(LB_PROBE_DURING, { message: `during is one of: ${LB_PROBE_DURING.join(', ')}` })
        .optional(),
      tag: dockerTag.optional(),
    })
    .strict()
    .superRefine((i, c) => {
      if (i.during === 'rollout' && i.tag === undefined)
        c.addIssue({
          code: 'custom',
          path: ['tag'],
          message: 'during:rollout needs the tag to roll out, e.g. tag:v2',
        });
      if (i.during !== 'rollout' && i.tag !== undefined)
        c.addIssue({ code: 'custom', path: ['tag'], message: 'tag goes only with during:rollout' });
    }),
  job: () => 'lb-probe',
  toJobData: (i) => ({
    ...(i.requests === undefined ? {} : { requests: i.requests }),
    ...(i.during === undefined ? {} : { during: i.during }),
    ...(i.tag === undefined ? {} : { tag: i.tag }),
  }),
});
