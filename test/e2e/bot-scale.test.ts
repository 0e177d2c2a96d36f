import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../src/client/lab-client.js';
import { scale } from '../../src/runners/recipes/scale.js';
import type { KubeSim } from '../../src/sim/kube/index.js';
import { HELLO_NODE, startTestSim, waitFor as waitUntil } from '../integration/sim-kube-support.js';
import { type BotWorld, botSettled, buttonIds, startBotWorld } from '../support/bot-harness.js';
import { testClient } from '../support/pipeline.js';

let w: BotWorld;
let sim: KubeSim;
let apps: AppsV1Api;
let lab: LabClient;
const CONFIRM_TTL_MS = 5_000;

beforeAll(async () => {
  ({ sim } = await startTestSim({ 'labops/hello-node:v1': HELLO_NODE }));
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  apps = kc.makeApiClient(AppsV1Api);
  await apps.createNamespacedDeployment({
    namespace: 'default',
    body: {
      metadata: { name: 'hello-node', labels: { app: 'hello-node' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'hello-node' } },
        template: {
          metadata: { labels: { app: 'hello-node' } },
          spec: {
            containers: [
              { name: 'hello-node', image: 'labops/hello-node:v1', ports: [{ containerPort: 8080 }] },
            ],
          },
        },
      },
    },
  });
  w = await startBotWorld({
    recipes: { scale },
    runnerEnv: {
      KUBECONFIG: sim.kubeconfigPath,
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
    },
    // The status message at once, however fast the scale is: its edits are what is checked here
    // (a job that ends within LABOPS_STATUS_DELAY_MS gets none; bot-status-calls checks that).
    env: { LABOPS_CONFIRM_TTL_MS: String(CONFIRM_TTL_MS), LABOPS_STATUS_DELAY_MS: '0' },
  });
  lab = testClient(w.redis.url, null);
});
afterAll(async () => {
  await lab?.close();
  await w?.close();
  await sim?.close();
});
afterEach(() => {
  w.standIn.assertNoViolations();
});

const jobCount = async () => (await lab.list('default', 500)).length;

/** Dispatches a command and resolves with its interaction view once the bot answered with text. */
async function run(opts: Parameters<BotWorld['standIn']['dispatchCommand']>[0]) {
  const s = w.standIn;
  const sent = Date.now();
  const { id } = await s.dispatchCommand(opts);
  const view = await s.waitFor(() => {
    const v = s.interactionResponse(id);
    return v?.original?.message.content ? v : undefined;
  }, 10_000);
  return { id, view, sent };
}

describe('labops bot: /scale end to end', () => {
  it('an Administrator confirms /scale hello-node 5: status edited, result posted once, 5 replicas ready', async () => {
    const s = w.standIn;
    const { view, sent } = await run({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 5 },
      user: 'instructor',
    });
    expect(view.callbackType).toBe(5);
    expect(view.callbackAt! - sent).toBeLessThan(3_000);
    const prompt = view.original!;
    expect(prompt.ephemeral).toBe(true);
    expect(prompt.message.content).toMatch(/will change your lab/);
    const ok = buttonIds(prompt.message.components).find((c) => c.startsWith('lo:ok:'))!;
    const click = await s.clickButton({ messageId: prompt.id, customId: ok, user: 'instructor' });
    const answered = await s.waitFor(() => {
      const c = s.interactionResponse(click.id)?.original?.message.content;
      return c?.includes('queued as') ? c : undefined;
    }, 10_000);
    const jobId = /#([\w-]+)/.exec(answered)![1]!;
    const final = await s.waitFor(
      () => s.messagesIn().find((m) => !m.ephemeral && m.message.content.includes(`#${jobId}`)),
      90_000,
    );
    expect(final.message.content).toContain(`<@${s.users.instructor.id}>`);
    expect(final.message.embeds?.[0]?.title).toMatch(/hello-node has 5 ready replicas/);
    const status = s.messagesIn().find((m) => m.message.embeds?.[0]?.footer?.text?.includes(`#${jobId}`))!;
    const descriptions = status.history.map((h) => h.embeds?.[0]?.description ?? '');
    expect(descriptions.some((d) => /step 1 of 1/.test(d))).toBe(true);
    expect(status.history.length).toBeGreaterThan(1);
    expect(status.message.components ?? []).toEqual([]);
    await botSettled(w, jobId);
    expect(
      s.messagesIn().filter((m) => m.message.content.includes(`#${jobId}`) && !m.ephemeral),
    ).toHaveLength(1);
    const dep = await waitUntil(async () => {
      const d = await apps.readNamespacedDeployment({ name: 'hello-node', namespace: 'default' });
      return d.status?.readyReplicas === 5 ? d : null;
    }, 10_000);
    expect(dep.spec?.replicas).toBe(5);
  });

  it('a member without rights is denied, with the permission named; nothing is enqueued', async () => {
    const before = await jobCount();
    const { view } = await run({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 3 },
      user: 'student',
    });
    expect(view.callbackType).toBe(4);
    expect(view.original?.ephemeral).toBe(true);
    expect(view.original?.message.content).toMatch(/Administrator or Manage Server/);
    expect(await jobCount()).toBe(before);
  });

  it('refuses bad input in the user locale, ephemeral, and enqueues nothing', async () => {
    const before = await jobCount();
    const cases: [Parameters<BotWorld['standIn']['dispatchCommand']>[0], RegExp][] = [
      [
        { name: 'scale', options: { deployment: 'hello-node', replicas: 99 }, user: 'instructor' },
        /replicas must be at most 20/,
      ],
      [
        {
          name: 'scale',
          options: { deployment: 'Hello_Node', replicas: 2 },
          user: 'instructor',
          locale: 'pt-BR',
        },
        /Entrada inválida.*nome do Kubernetes.*rótulo RFC 1123/s,
      ],
      [
        { name: 'image', subcommand: 'paint', options: { tag: 'v1' }, user: 'instructor' },
        /no subcommand "paint"/,
      ],
    ];
    for (const [opts, why] of cases) {
      const { view } = await run(opts);
      expect(view.original?.ephemeral, String(why)).toBe(true);
      expect(view.original?.message.content).toMatch(why);
    }
    expect(await jobCount()).toBe(before);
  });

  it('a Confirm pressed by someone else, or after expiry, runs nothing', async () => {
    const s = w.standIn;
    const before = await jobCount();
    const { view } = await run({
      name: 'scale',
      options: { deployment: 'hello-node', replicas: 2 },
      user: 'instructor',
    });
    const ok = buttonIds(view.original!.message.components).find((c) => c.startsWith('lo:ok:'))!;
    const other = await s.clickButton({
      messageId: view.original!.id,
      customId: ok,
      user: 'student2',
      locale: 'pt-BR',
    });
    // The click is acknowledged first (deferUpdate: the prompt is left as it is), then answered privately.
    const refused = await s.waitFor(() => s.interactionResponse(other.id)?.followups[0], 5_000);
    expect(s.interactionResponse(other.id)?.callbackType).toBe(6);
    expect(refused.ephemeral).toBe(true);
    expect(refused.message.content).toMatch(/só <@\d+> pode responder/);
    await new Promise((r) => setTimeout(r, CONFIRM_TTL_MS + 800));
    expect(s.message(view.original!.id)?.message.content).toMatch(/expired/);
    const late = await s
      .clickButton({ messageId: view.original!.id, customId: ok, user: 'instructor' })
      .catch(() => null);
    if (late) {
      const answer = await s.waitFor(() => s.interactionResponse(late.id)?.callbackType, 5_000);
      expect(answer).toBeTruthy();
    }
    expect(await jobCount()).toBe(before);
  });
});
