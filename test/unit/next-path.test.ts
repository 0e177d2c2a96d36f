import { describe, expect, it } from 'vitest';
import { guidePathHtml } from '../../src/evidence/render/guide-path.js';
import type { FactName, FactReadings } from '../../src/runners/facts/index.js';
import { guidePath, nextLine, V1_FACTS, V2_FACTS } from '../../src/runners/recipes/next/path.js';

/** Readings where the facts in `ok` hold and every other one is missing. */
function readings(
  names: readonly FactName[],
  ok: readonly FactName[],
  detail: Partial<Record<FactName, string>> = {},
) {
  const out: FactReadings = {};
  for (const n of names)
    out[n] = ok.includes(n)
      ? { ok: true, detail: detail[n] ?? 'ok' }
      : { ok: false, detail: detail[n] ?? `no ${n}` };
  return out;
}

const CLOUD: FactName[] = ['juju-model', 'openstack', 'cloud-healthy'];
const ALL_V1 = V1_FACTS;
const input = (
  v1ok: readonly FactName[],
  v2ok: readonly FactName[],
  passed: number[] = [],
  image = 'labops/hello-node:v1',
) => ({
  team: 'red',
  at: '2026-12-02 10:00',
  v1: readings(V1_FACTS, v1ok, { 'hello-node': `hello-node: 5/5 ready, ${image}` }),
  v2: readings(V2_FACTS, v2ok, { 'hello-node': `hello-node: 5/5 ready, ${image}` }),
  passed,
});

describe('/next: the guide path', () => {
  it('on a fresh lab, the next command is /deploy octavia (step 2) and later steps are blocked by it', () => {
    const p = guidePath(
      input([...CLOUD, 'docker-host', 'hub-login'], [...CLOUD, 'docker-host', 'hub-login']),
    );
    expect(p.next).toBe('/deploy octavia');
    expect(p.stops.find((s) => s.kind === 'step' && s.n === 1)?.state).toBe('done');
    expect(p.stops.find((s) => s.kind === 'step' && s.n === 2)?.state).toBe('next');
    const k8s = p.stops.find((s) => s.kind === 'step' && s.n === 7);
    expect(k8s?.state).toBe('blocked');
    expect(k8s?.detail).toMatch(/^Kubernetes is not deployed yet \(no kubernetes\)$/);
    expect(k8s?.command).toBe('/deploy k8s');
    expect(nextLine(p)).toBe('`/deploy octavia` (step 2: Octavia)');
  });

  it('an image built and pushed but not run: /image run v1 comes before checkpoint 2', () => {
    const cp1: FactName[] = [...CLOUD, 'octavia', 'quotas', 'web-server', 'docker-host', 'hub-login'];
    const pushed: FactName[] = [...cp1, 'image-built', 'image-pushed'];
    const p = guidePath(input(pushed, CLOUD, [1]));
    expect(p.next).toBe('/image run v1');
    expect(p.nextWhy).toMatch(/^checkpoint 2: Docker — No container of the image is running yet/);
    expect(guidePath(input([...pushed, 'container-running'], CLOUD, [1])).next).toBe('/checkpoint 2');
  });

  it('a step done without its checkpoint: the checkpoint is next', () => {
    const p = guidePath(input([...CLOUD, 'octavia', 'quotas', 'web-server'], CLOUD));
    expect(p.next).toBe('/checkpoint 1');
    const after = guidePath(input([...CLOUD, 'octavia', 'quotas', 'web-server', 'docker-host'], CLOUD, [1]));
    expect(after.next).toBe('/image build v1');
    // A missing Docker host is named with what to check, not a slash command.
    expect(guidePath(input([...CLOUD, 'octavia', 'quotas', 'web-server'], CLOUD, [1])).next).toBe(
      'docker info',
    );
  });

  it('step 8 is done only when hello-node runs v2; then checkpoint 5 waits for its run', () => {
    const v1ok = ALL_V1.filter((f) => f !== 'lb-ip');
    const v2ok = [...V2_FACTS];
    const onV1 = guidePath(input(v1ok, v2ok, [1, 2, 3, 4]));
    expect(onV1.next).toBe('/rollout v2');
    const onV2 = guidePath(input(v1ok, v2ok, [1, 2, 3, 4], 'labops/hello-node:v2'));
    expect(onV2.next).toBe('/checkpoint 5');
    expect(onV2.stops.find((s) => s.kind === 'step' && s.n === 9)?.state).toBe('blocked');
  });

  it('everything done: no next command, and the picture says so', () => {
    const p = guidePath(input(ALL_V1, V2_FACTS, [1, 2, 3, 4, 5, 6], 'labops/hello-node:v2'));
    expect(p.next).toBeUndefined();
    expect(p.stops.every((s) => s.state === 'done')).toBe(true);
    expect(guidePathHtml(p)).toContain('the whole guide is done');
  });

  it('escapes what the lab said in the picture', () => {
    const p = guidePath(input([], []));
    p.stops[0]!.detail = '<script>x</script>';
    expect(guidePathHtml(p)).not.toContain('<script>x');
  });
});
