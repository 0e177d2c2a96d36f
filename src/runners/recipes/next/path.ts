import type { GuidePath, GuideStop } from '../../../evidence/render/guide-path.js';
import {
  FACTS,
  type FactName,
  type FactParams,
  type FactReadings,
  type Unmet,
  unmetOf,
  withPrerequisites,
} from '../../facts/index.js';

/** The facts a stop of the guide stands on, read with one set of parameters. */
interface Needs {
  facts: FactName[];
  /** Read with image tag v2 (step 8, checkpoint 5) rather than v1. */
  v2?: boolean;
  /** hello-node must run the v2 image (step 8, checkpoint 5). */
  rolledOut?: boolean;
}

/** One stop of the guide: a step (LAB.md §3) or a checkpoint, in the guide's order. */
interface Stop {
  kind: 'step' | 'checkpoint';
  n: number;
  title: string;
  needs: Needs;
}

const step = (n: number, title: string, needs: Needs): Stop => ({ kind: 'step', n, title, needs });
const cp = (n: number, title: string, needs: Needs): Stop => ({ kind: 'checkpoint', n, title, needs });

/** The guide's path: steps 1–9 and checkpoints 1–6 where the guide asks for them. */
export const GUIDE: readonly Stop[] = [
  step(1, 'the cloud is healthy, Vault unsealed', { facts: ['juju-model', 'openstack', 'cloud-healthy'] }),
  step(2, 'Octavia', { facts: ['octavia'] }),
  step(3, 'quotas raised', { facts: ['quotas'] }),
  step(4, 'the web-server instance', { facts: ['web-server'] }),
  cp(1, 'web server', { facts: ['web-server'] }),
  step(5, 'image hello-node:v1 built and pushed', { facts: ['image-built', 'image-pushed'] }),
  cp(2, 'Docker', { facts: ['image-built', 'container-running'] }),
  step(6, 'Kubernetes', { facts: ['kubernetes'] }),
  step(7, 'hello-node deployed, scaled to 5 and exposed', { facts: ['hello-node', 'replicas', 'exposed'] }),
  cp(3, 'Kubernetes', { facts: ['replicas'] }),
  cp(4, 'exposed', { facts: ['exposed'] }),
  step(8, 'rolling update to v2', {
    facts: ['image-built', 'image-pushed', 'hello-node'],
    v2: true,
    rolledOut: true,
  }),
  cp(5, 'modified', { facts: ['exposed'], rolledOut: true }),
  step(9, 'a LoadBalancer service through Octavia', { facts: ['lb-ip'] }),
  cp(6, 'load balancer', { facts: ['lb-ip'] }),
];

/** The facts `/next` reads: every one a stop needs, with tag v1 and with tag v2. */
export const V1_FACTS = withPrerequisites(GUIDE.flatMap((s) => (s.needs.v2 ? [] : s.needs.facts)));
export const V2_FACTS = withPrerequisites(GUIDE.flatMap((s) => (s.needs.v2 ? s.needs.facts : [])));

/** What `/next` read: the facts with tag v1, with tag v2, and the checkpoints the team has passed. */
export interface PathInput {
  team: string;
  at: string;
  v1: FactReadings;
  v2: FactReadings;
  passed: readonly number[];
}

/** Pure: whether hello-node runs the v2 image, from what its fact read (`…, labops/hello-node:v2`). */
export function runsV2(readings: FactReadings): boolean {
  const r = readings['hello-node'];
  return Boolean(r?.ok && /:v2\b/.test(r.detail));
}

/** The unmet facts of one stop, earliest in the guide first (what it stands on included). */
function unmetFor(s: Stop, input: PathInput): Unmet[] {
  const params: FactParams = { tag: s.needs.v2 ? 'v2' : 'v1', replicas: 5 };
  const all = s.needs.v2 ? input.v2 : input.v1;
  const mine = new Set(withPrerequisites(s.needs.facts));
  const readings: FactReadings = Object.fromEntries(
    Object.entries(all).filter(([k]) => mine.has(k as FactName)),
  );
  const unmet = unmetOf(readings, params);
  if (unmet.length === 0 && s.needs.rolledOut && !runsV2(input.v1)) {
    const fact = 'hello-node';
    return [
      {
        fact,
        detail: `it runs ${/\S+:\S+$/.exec(input.v1[fact]?.detail ?? '')?.[0] ?? 'another image'}, not v2`,
        fix: '`/rollout v2`',
        step: 8,
      },
    ];
  }
  return unmet;
}

/** Pure: the text of an unmet fact, in the student's terms. */
function blockingText(u: Unmet): string {
  return `${FACTS[u.fact].missing.en} (${u.detail})`;
}

/**
 * Pure: where the team stands in the guide. A step is done when its facts hold, a checkpoint
 * when the team passed it; the first stop not done is next, and its command is the one to type.
 */
export function guidePath(input: PathInput): GuidePath {
  let next: GuideStop | undefined;
  const stops = GUIDE.map((s): GuideStop => {
    const unmet = unmetFor(s, input);
    const base = { kind: s.kind, n: s.n, title: s.title };
    const command = s.kind === 'checkpoint' && unmet.length === 0 ? `/checkpoint ${s.n}` : unmet[0]?.fix;
    const done = s.kind === 'step' ? unmet.length === 0 : input.passed.includes(s.n);
    if (done)
      return { ...base, state: 'done', detail: s.kind === 'step' ? 'done' : `checkpoint ${s.n} passed` };
    const plain = command?.replace(/^`([^`]+)`.*$/, '$1');
    if (!next) {
      const detail = unmet[0] ? blockingText(unmet[0]) : `run /checkpoint ${s.n} to collect its evidence`;
      next = { ...base, state: 'next', detail, command: plain };
      return next;
    }
    return unmet[0]
      ? { ...base, state: 'blocked', detail: blockingText(unmet[0]), command: plain }
      : { ...base, state: 'todo', detail: 'ready', command: plain };
  });
  const nextStop = next as GuideStop | undefined;
  return {
    team: input.team,
    at: input.at,
    stops,
    next: nextStop?.command,
    nextWhy: nextStop
      ? `${nextStop.kind === 'step' ? 'step' : 'checkpoint'} ${nextStop.n}: ${nextStop.title} — ${nextStop.detail}`
      : undefined,
  };
}

/** Pure: the one line `/status` and `/next` end with. */
export function nextLine(path: GuidePath): string {
  if (!path.next) return 'the whole guide is done: every step and checkpoint 1–6';
  const stop = path.stops.find((s) => s.state === 'next');
  return `\`${path.next}\`${stop ? ` (${stop.kind} ${stop.n}: ${stop.title})` : ''}`;
}
