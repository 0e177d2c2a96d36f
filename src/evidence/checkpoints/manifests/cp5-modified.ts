import { pageItem, terminalItem } from '../collectors.js';
import { APP, deploymentOf, exposedUrl } from '../facts.js';
import { fetchPage, type PageAnswer } from '../page-answer.js';
import type { CheckpointManifest, CheckpointRun } from '../types.js';

const TAG = 'v2';
/** The guide's server.js (v1) answers exactly this, with its host name in place of HOST. */
export const V1_ANSWER = '{ "host": HOST, "message": "Hello World!"}';
const SAMPLES = 5;

/** Pure: a reply with its host name replaced, so answers of different pods compare equal. */
export function withoutHost(body: string): string {
  return body.trim().replace(/("host"\s*:\s*)("?)[^,"}]*\2/, '$1HOST');
}

/** Answers of several pods through the exposed port. */
const samples = (run: CheckpointRun) =>
  run.fact('v2-samples', async () => {
    const url = await exposedUrl(run);
    const out: PageAnswer[] = [];
    for (let i = 0; i < SAMPLES; i++) out.push(await fetchPage(url, 5_000, run.signal));
    return out;
  });

/** CheckPoint-5 Modificacao: `kubectl get all` and the modified page through the open port. */
export const checkpoint5: CheckpointManifest = {
  n: 5,
  title: 'modified',
  guideTitle: 'CheckPoint-5 Modificacao',
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
      id: 'modified-page',
      requires: ['exposed'],
      title: 'the modified page through the opened port',
      guide: 'WebServer modificado Rodando no navegador utilizando a porta aberta.',
      ...pageItem(exposedUrl),
    },
  ],
  criteria: [
    {
      id: 'v2-everywhere',
      requires: ['hello-node'],
      title: `the deployment runs the ${TAG} image on every replica`,
      check: async (run) => {
        const d = await deploymentOf(run);
        if (!d) return { pass: false, measured: `no deployment ${APP}` };
        const onTag = d.pods.filter((p) => p.image === d.image && p.ready).length;
        const pass =
          d.image.endsWith(`:${TAG}`) && d.desired > 0 && onTag === d.desired && d.pods.length === d.desired;
        return {
          pass,
          measured: `${onTag} of ${d.desired} ready pods run ${d.image}${d.pods.length > d.desired ? ` (${d.pods.length - d.desired} old pod(s) left)` : ''}`,
        };
      },
    },
    {
      id: 'answer-differs',
      requires: ['exposed'],
      title: 'the page’s answer differs from v1’s',
      check: async (run) => {
        const answers = await samples(run);
        const ok = answers.filter((a) => a.ok);
        const v1 = ok.filter((a) => withoutHost(a.body) === V1_ANSWER);
        const shown = [...new Set(ok.map((a) => a.message ?? withoutHost(a.body).slice(0, 60)))].map(
          (m) => `"${m}"`,
        );
        return {
          pass: ok.length === answers.length && v1.length === 0,
          measured: `${ok.length}/${answers.length} answered, ${v1.length} with v1's answer; answers say ${shown.join(', ') || 'nothing'} (v1: "Hello World!")`,
        };
      },
    },
  ],
};
