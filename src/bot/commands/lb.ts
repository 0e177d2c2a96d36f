import { z } from 'zod';
import { defineCommand } from './types.js';

/** Upper bound of `/lb probe` requests in the command (a runner may allow fewer: LABOPS_PROBE_MAX_REQUESTS). */
export const LB_PROBE_MAX = 5_000;

/** `/lb probe [requests]`: probes hello-node's LoadBalancer, a new connection per request. */
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
            en: `How many requests (1 to ${LB_PROBE_MAX}, default 100)`,
            'pt-BR': `Quantas requisições (1 a ${LB_PROBE_MAX}, padrão 100)`,
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
    })
    .strict(),
  job: () => 'lb-probe',
  toJobData: (i) => (i.requests === undefined ? {} : { requests: i.requests }),
});
