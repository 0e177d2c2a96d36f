import type { ProbeDuringReport } from './during-types.js';
import { formatProbeReport } from './format-report.js';

/** A resilience report as plain text: the action's effect first, then the usual probe report. */
export function formatProbeDuringReport(report: ProbeDuringReport): string {
  const a = report.action;
  const lines = [
    `action ran from ${a.startedAtMs} ms to ${a.endedAtMs} ms (${a.durationMs} ms)${a.error ? `, failed: ${a.error}` : ''}`,
    `failed requests: ${report.failures} of ${report.requests} (${(report.failureShare * 100).toFixed(1)}%), ` +
      `longest failure run ${report.longestFailureRun} (${report.longestFailureRunMs} ms)`,
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
    '',
    formatProbeReport(report),
  ];
  return lines.join('\n');
}

function list(hosts: readonly string[]): string {
  return hosts.length === 0 ? '(none)' : hosts.join(', ');
}
