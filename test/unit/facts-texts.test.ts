import { describe, expect, it } from 'vitest';
import { resultView } from '../../src/bot/result-view.js';
import {
  FACT_ORDER,
  FACTS,
  notReadyInPortuguese,
  notReadyText,
  notYetText,
  requirementsOf,
  unmetOf,
  withPrerequisites,
} from '../../src/runners/facts/index.js';

describe('lab facts: names, order and refusal texts', () => {
  it('every fact has a step, a fixing command and its text in both languages, in guide order', () => {
    expect(Object.keys(FACTS).sort()).toEqual([...FACT_ORDER].sort());
    const steps = FACT_ORDER.map((f) => FACTS[f].step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    for (const f of FACT_ORDER) {
      expect(FACTS[f].fix).toMatch(/`/);
      expect(FACTS[f].missing.en).not.toBe(FACTS[f].missing['pt-BR']);
    }
  });

  it('a fact brings what it stands on, in the guide order', () => {
    expect(withPrerequisites(['lb-ip'])).toEqual(['kubernetes', 'hello-node', 'exposed', 'lb-ip']);
    expect(withPrerequisites(['image-pushed', 'quotas'])).toEqual([
      'openstack',
      'quotas',
      'docker-host',
      'image-built',
      'image-pushed',
    ]);
  });

  it('names the earliest missing fact, not the ones missing because of it', () => {
    const unmet = unmetOf({
      kubernetes: { ok: false, detail: 'no kubeconfig at /x/kubeconfig' },
      'hello-node': { ok: false, detail: 'needs kubernetes first' },
      replicas: { ok: false, detail: 'needs hello-node first' },
    });
    expect(unmet.map((u) => u.fact)).toEqual(['kubernetes']);
    expect(notReadyText(unmet[0]!)).toBe(
      'Kubernetes is not deployed yet (no kubeconfig at /x/kubeconfig). Run `/deploy k8s` first (step 6).',
    );
    expect(notReadyText(unmet[0]!, 'pt-BR')).toBe(
      'O Kubernetes ainda não foi instalado (no kubeconfig at /x/kubeconfig). Rode `/deploy k8s` antes (passo 6).',
    );
    expect(notReadyInPortuguese(notReadyText(unmet[0]!))).toBe(notReadyText(unmet[0]!, 'pt-BR'));
    expect(notYetText(unmet[0]!)).toMatch(/^not yet: run `\/deploy k8s` \(step 6\)/);
  });

  it('fills the parameters into the fixing command', () => {
    const [u] = unmetOf(
      { replicas: { ok: false, detail: '2 of 5 ready' } },
      { replicas: 5, deployment: 'web' },
    );
    expect(u?.fix).toBe('`/scale web 5`');
    const [i] = unmetOf({ 'image-pushed': { ok: false, detail: 'x' } }, { tag: 'v2' });
    expect(i?.fix).toBe('`/image push v2`');
  });

  it('reads a recipe declaration as a list or as a list for the job data', () => {
    expect(requirementsOf({}, {})).toEqual([]);
    expect(requirementsOf({ requires: ['kubernetes'] }, {})).toEqual(['kubernetes']);
    expect(
      requirementsOf(
        { requires: (d: { tag: string }) => [{ fact: 'image-built', tag: d.tag }] },
        { tag: 'v2' },
      ),
    ).toEqual([{ fact: 'image-built', tag: 'v2' }]);
  });
});

describe('a NOT_READY refusal in Discord', () => {
  const rec = (locale: string) => ({
    jobId: 'scale-1',
    queue: 'team-a',
    team: 'team-a',
    channelId: 'c1',
    requesterId: 'u1',
    locale,
    line: '/scale hello-node 5',
    startedAt: 0,
    attachmentLimit: 10 * 1024 * 1024,
  });
  const failed = {
    state: 'failed' as const,
    jobId: 'scale-1',
    code: 'NOT_READY',
    message:
      'Kubernetes is not deployed yet (no kubeconfig at /x/kubeconfig). Run `/deploy k8s` first (step 6).',
    artifacts: [],
  };
  const view = async (locale: string) => {
    const { body } = await resultView(
      rec(locale),
      failed,
      async () => null,
      () => 'ref',
    );
    return (body.embeds as { title: string; description: string }[])[0];
  };

  it('is said in Portuguese to a pt-BR requester and as it is to others', async () => {
    expect((await view('pt-BR'))?.description).toBe(
      'O Kubernetes ainda não foi instalado (no kubeconfig at /x/kubeconfig). Rode `/deploy k8s` antes (passo 6).',
    );
    expect((await view('en-US'))?.description).toBe(failed.message);
    expect((await view('en-US'))?.title).toContain('[NOT_READY]');
  });
});
