import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProbeReport, runProbeCli } from '../../src/evidence/probe/index.js';
import { type Backend, startLabBackends, startTcpServer } from '../support/evidence-backends.js';
import { RoundRobinProxy } from '../support/evidence-rr-proxy.js';

function captureIo() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
    },
  };
}

let backends: Backend[] = [];
let proxy: RoundRobinProxy;
let url: string;
// Counts connections so a rejected command line can be shown to send nothing.
let connections = 0;
let counter: Awaited<ReturnType<typeof startTcpServer>>;

beforeAll(async () => {
  backends = await startLabBackends(['cli-a', 'cli-b']);
  proxy = new RoundRobinProxy(backends.map((b) => b.port));
  url = `http://127.0.0.1:${await proxy.listen()}/`;
  counter = await startTcpServer((socket) => {
    connections++;
    socket.destroy();
  });
});
afterAll(async () => {
  await proxy.close();
  await counter.close();
  await Promise.all(backends.map((b) => b.kill()));
});

describe('labops probe (runProbeCli)', () => {
  it('prints a table and a bar chart and exits 0 on an even spread', async () => {
    const { io, out } = captureIo();
    const code = await runProbeCli([url, '-n', '20', '-c', '4'], io);
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    expect(out.stdout).toContain(`probe ${url}`);
    expect(out.stdout).toMatch(/cli-a\s+10\s+50\.0%\s+█{40}/);
    expect(out.stdout).toMatch(/cli-b\s+10\s+50\.0%\s+█{40}/);
    expect(out.stdout).toContain('spread: even (chi-square 0.00, df 1, p = 1.000 >= 0.01)');
  });

  it('prints the report object with --json', async () => {
    const { io, out } = captureIo();
    const code = await runProbeCli(
      ['--json', '--requests', '30', '--timeout', '3000', '--expect', '3', url],
      io,
    );
    const report = JSON.parse(out.stdout) as ProbeReport;
    expect(report.requests).toBe(30);
    expect(report.timeoutMs).toBe(3000);
    expect(report.expectedBackends).toBe(3);
    expect(report.histogram.map((h) => h.count)).toEqual([15, 15]);
    // 15, 15 and 0 against 10 each: chi-square 15 with 2 degrees of freedom, p = e^-7.5.
    expect(report.verdict.statistic).toBeCloseTo(15, 9);
    expect(report.verdict.pValue).toBeCloseTo(Math.exp(-7.5), 12);
    expect(report.verdict.even).toBe(false);
    expect(code).toBe(1);
  });

  it('shows help', async () => {
    const { io, out } = captureIo();
    expect(await runProbeCli(['--help'], io)).toBe(0);
    expect(out.stdout).toContain('usage: labops probe <url>');
  });

  const counterUrl = () => `http://127.0.0.1:${counter.port}/`;
  const bad: Array<[string, () => string[], RegExp]> = [
    ['a non-http URL', () => ['file:///etc/passwd'], /must be an http/],
    ['a missing URL', () => [], /missing <url>/],
    ['two URLs', () => [counterUrl(), counterUrl()], /exactly one <url>/],
    ['n = 0', () => [counterUrl(), '-n', '0'], /requests/],
    ['n above the maximum', () => [counterUrl(), '-n', '10001'], /requests/],
    ['c above 200', () => [counterUrl(), '-c', '201'], /concurrency/],
    ['a non-numeric n', () => [counterUrl(), '-n', 'ten'], /-n must be a whole number/],
    ['an unknown option', () => [counterUrl(), '--burst'], /Unknown option/],
  ];
  it.each(bad)('rejects %s with exit 2 and sends nothing', async (_name, argv, message) => {
    const { io, out } = captureIo();
    const code = await runProbeCli(argv(), io);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toContain('labops probe --help');
    expect(out.stdout).toBe('');
    expect(connections).toBe(0);
  });

  it('honours a lower request cap from the caller', async () => {
    const { io, out } = captureIo();
    expect(await runProbeCli([counterUrl(), '-n', '51'], io, { maxRequests: 50 })).toBe(2);
    expect(out.stderr).toMatch(/50/);
    expect(connections).toBe(0);
  });
});
