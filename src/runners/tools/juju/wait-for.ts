import { type Code, Codes, UserError } from '../../../shared/errors.js';
import { type Clock, realClock } from '../../clock.js';
import { sleep, throwIfAborted } from '../common/poll.js';
import { type Guidance, unitGuidance } from './status-guidance.js';
import type { JujuStatusSummary, UnitSummary } from './status-parse.js';

export type WorkloadState = 'active' | 'blocked' | 'waiting' | 'maintenance' | 'unknown';
/** Per application, the workload state(s) that count as reached. */
export type WaitTargets = Record<string, WorkloadState | readonly WorkloadState[]>;

export interface PendingUnit {
  unit: string;
  workload: string;
  agent: string;
  message: string;
  guidance?: Guidance;
}

export interface TargetsEvaluation {
  done: boolean;
  pending: PendingUnit[];
  /** Guidance for units that reached an allowed state which still asks for a next step. */
  notes: string[];
  /** A unit in error: waiting longer will not help. */
  fatal?: PendingUnit;
}

/**
 * Pure check of a status against targets. A unit reaches its target when its workload is
 * one of the allowed states and its agent is idle (hooks settled). An application that is
 * not in the model yet, or has no units yet, is pending.
 */
export function evaluateTargets(status: JujuStatusSummary, targets: WaitTargets): TargetsEvaluation {
  const pending: PendingUnit[] = [];
  const notes: string[] = [];
  let fatal: PendingUnit | undefined;
  for (const [app, want] of Object.entries(targets)) {
    const allowed = new Set<string>([want].flat());
    const a = status.applications.find((x) => x.name === app);
    if (!a) {
      pending.push({
        unit: app,
        workload: 'absent',
        agent: 'absent',
        message: 'not deployed in this model yet',
      });
      continue;
    }
    if (a.units.length === 0) {
      if (!allowed.has(a.status))
        pending.push({ unit: app, workload: a.status, agent: 'none', message: a.message || 'no units yet' });
      continue;
    }
    for (const u of a.units) {
      const g = unitGuidance(u);
      const entry = toPending(u, g);
      if (g?.kind === 'unit-error') {
        fatal ??= entry;
        pending.push(entry);
      } else if (allowed.has(u.workload) && u.agent === 'idle') {
        if (g && g.kind !== 'other-blocked') notes.push(g.text);
      } else pending.push(entry);
    }
  }
  return { done: pending.length === 0, pending, notes: [...new Set(notes)], fatal };
}

function toPending(u: UnitSummary, guidance?: Guidance): PendingUnit {
  return { unit: u.name, workload: u.workload, agent: u.agent, message: u.message, guidance };
}

const codeFor: Record<Guidance['kind'], Code> = {
  'vault-sealed': Codes.vaultSealed,
  'octavia-configure-resources': Codes.octaviaConfigureResources,
  'octavia-awaiting-leader': Codes.jujuBlocked,
  'octavia-certificates': Codes.octaviaCertificates,
  'missing-relation': Codes.jujuMissingRelation,
  'services-not-running': Codes.jujuBlocked,
  'unit-error': Codes.jujuUnitError,
  'other-blocked': Codes.jujuBlocked,
};

/** The UserError for a unit that will not reach its target on its own. */
export function guidanceError(p: PendingUnit): UserError {
  const g = p.guidance;
  if (!g) return new UserError(Codes.jujuBlocked, `${p.unit} is ${p.workload}/${p.agent}: ${p.message}`);
  return new UserError(codeFor[g.kind], g.text);
}

export interface WaitForOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  onStatus?: (e: TargetsEvaluation & { status: JujuStatusSummary }) => void;
  /**
   * How long a blocked message that needs a person (sealed Vault, missing certificates…)
   * may persist before the wait gives up early. Charms refresh their status only on hooks
   * (update-status runs every 5 minutes), so a just-fixed problem can linger a while.
   */
  stuckAfterMs?: number;
  /** The lab's clock: the polls' interval and the deadlines (default: real time). */
  clock?: Clock;
}

/** Polls `status` until every target is reached, a unit errors, or the time is up. */
export async function waitForTargets(
  status: () => Promise<JujuStatusSummary>,
  targets: WaitTargets,
  o: WaitForOptions,
): Promise<{ status: JujuStatusSummary; notes: string[] }> {
  const clock = o.clock ?? realClock;
  const now = () => clock.now();
  const start = now();
  const stuckAfter = o.stuckAfterMs ?? 6 * 60_000;
  const firstSeen = new Map<string, { message: string; at: number }>();
  for (;;) {
    throwIfAborted(o.signal);
    const s = await status();
    const e = evaluateTargets(s, targets);
    o.onStatus?.({ ...e, status: s });
    if (e.done) return { status: s, notes: e.notes };
    if (e.fatal) throw guidanceError(e.fatal);
    const t = now();
    for (const p of e.pending) {
      if (!p.guidance || p.guidance.kind === 'other-blocked') continue;
      const seen = firstSeen.get(p.unit);
      if (!seen || seen.message !== p.message) firstSeen.set(p.unit, { message: p.message, at: t });
      else if (t - seen.at >= stuckAfter && p.agent === 'idle') throw guidanceError(p);
    }
    if (t - start >= o.timeoutMs) {
      const withHelp = e.pending.find((p) => p.guidance);
      if (withHelp) throw guidanceError(withHelp);
      const list = e.pending.map(
        (p) => `${p.unit} ${p.workload}/${p.agent}${p.message ? ` (${p.message})` : ''}`,
      );
      throw new UserError(
        Codes.waitTimeout,
        `still waiting after ${Math.round(o.timeoutMs / 1000)} s for: ${list.slice(0, 8).join('; ')}${list.length > 8 ? '; …' : ''}`,
      );
    }
    await sleep(Math.min(o.intervalMs ?? 10_000, Math.max(0, o.timeoutMs - (t - start))), o.signal, clock);
  }
}
