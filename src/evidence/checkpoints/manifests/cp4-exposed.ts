import { pageItem, terminalItem } from '../collectors.js';
import { answerAt, exposedUrl, exposureOf } from '../facts.js';
import { describeAnswer } from '../page-answer.js';
import type { CheckpointManifest } from '../types.js';

/**
 * CheckPoint-4 Expose Service / Acessar o deploy: `kubectl get all` and the page through the
 * open port, or through the Ingress (its host on the port its controller published).
 */
export const checkpoint4: CheckpointManifest = {
  n: 4,
  title: 'exposed',
  guideTitle: 'CheckPoint-4 Acessar o deploy',
  requires: ['kubernetes'],
  items: [
    {
      id: 'kubectl-get-all',
      requires: ['kubernetes'],
      title: 'kubectl get all',
      guide: 'Do comando -> kubectl get all',
      ...terminalItem(['kubectl', 'get', 'all']),
    },
    {
      id: 'exposed-page',
      requires: ['exposed'],
      title: 'the page through the opened port or the Ingress',
      guide: 'WebServer Rodando no navegador utilizando a porta aberta.',
      ...pageItem(exposedUrl),
    },
  ],
  criteria: [
    {
      id: 'exposed',
      requires: ['hello-node'],
      title: 'service exposed (NodePort opened on the workers, or Ingress)',
      check: async (run) => {
        const e = await exposureOf(run);
        if (e.via === 'ingress')
          // The controller that serves an Ingress writes its address in the status (kubectl's ADDRESS).
          return e.ingressAddress
            ? { pass: true, measured: `Ingress with host ${e.ingressHost}, ADDRESS ${e.ingressAddress}` }
            : {
                pass: false,
                measured: `Ingress with host ${e.ingressHost} has no ADDRESS: no ingress controller serves it`,
              };
        const port = `${e.serviceType} service, NodePort ${e.nodePort}`;
        if (!e.workers.length) return { pass: false, measured: `${port}; no kubernetes-worker units found` };
        return e.closedOn.length
          ? { pass: false, measured: `${port} not opened on ${e.closedOn.join(', ')} (open-port)` }
          : { pass: true, measured: `${port} opened on ${e.workers.join(', ')}` };
      },
    },
    {
      id: 'page-answers',
      requires: ['exposed'],
      title: 'the page answers through it',
      check: async (run) => {
        const a = await answerAt(run, await exposedUrl(run));
        return { pass: a.ok, measured: describeAnswer(a) };
      },
    },
  ],
};
