import type { HostGroup, ProbeDuringReport } from './during-types.js';
import { formatProbeReport } from './format-report.js';

/** A resilience report as plain text: the action's effect first, then the usual probe report. */
export function formatProbeDuringReport(report: ProbeDuringReport): string {
  const a = report.action;
  const lines = [
    `action ran from ${a.startedAtMs} ms to ${a.endedAtMs} ms (${a.durationMs} ms)${a.error ? `, failed: ${a.error}` : ''}`,
    `failed requests: ${report.failures} of ${report.requests} (${(report.failureShare * 100).toFixed(1)}%), ` +
      `longest failure run ${describeFailureRun(report)}`,
    `hosts before: ${list(report.hostsBefore)}`,
    `hosts after:  ${list(report.hostsAfter)}`,
    `gone:         ${list(report.lostHosts)}`,
    `new:          ${
      report.newHosts.length === 0
        ? '(none)'
        : report.newHosts
            .map((h) => `${h.host} (first answer ${h.firstSeenMs} ms after the action started)`)
            .join(', ')
    }`,
    `old answers:  ${describeGroup(report.groups.old)}`,
    `new answers:  ${describeGroup(report.groups.new)}`,
    '',
    formatProbeReport(report),
  ];
  return lines.join('\n');
}

/** `3 requests (420 ms), from 1.2 s after the action started`, or `0` when nothing failed. */
export function describeFailureRun(report: ProbeDuringReport): string {
  if (report.longestFailureRun === 0 || report.longestFailureRunFromMs === null) return '0';
  return (
    `${report.longestFailureRun} request${report.longestFailureRun === 1 ? '' : 's'} ` +
    `(${report.longestFailureRunMs} ms), from ${describeSeconds(report.longestFailureRunFromMs)} after the action started`
  );
}

/** `412 from 5 hosts, first 1.2 s before, last 3.4 s after the action started: "Hello World!"`. */
export function describeGroup(g: HostGroup): string {
  if (g.firstAnswerMs === null || g.lastAnswerMs === null) return '(none)';
  const messages = g.messages.length ? `: "${g.messages.join('", "')}"` : '';
  return (
    `${g.answers} from ${g.hosts.length} host${g.hosts.length === 1 ? '' : 's'}, ` +
    `first ${when(g.firstAnswerMs)}, last ${when(g.lastAnswerMs)} the action started${messages}`
  );
}

/** `1.2 s` from ms. */
export function describeSeconds(ms: number): string {
  return `${(Math.abs(ms) / 1000).toFixed(1)} s`;
}

function when(ms: number): string {
  return `${describeSeconds(ms)} ${ms < 0 ? 'before' : 'after'}`;
}

function list(hosts: readonly string[]): string {
  return hosts.length === 0 ? '(none)' : hosts.join(', ');
}
