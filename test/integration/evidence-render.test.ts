import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasEvidenceCode, PageUnreachableError } from '../../src/evidence/errors.js';
import {
  DEPLOYMENT_WIDTH,
  disposeBrowser,
  HISTOGRAM_WIDTH,
  readPngInfo,
  renderDeployment,
  renderHistogram,
  renderTerminal,
  renderTopology,
  screenshotPage,
  terminalLayout,
  topologyLayout,
} from '../../src/evidence/index.js';
import { spreadVerdict } from '../../src/evidence/probe/spread-verdict.js';
import type { ProbeReport } from '../../src/evidence/probe/types.js';
import { freePort, startSilentBackend } from '../support/evidence-backends.js';
import { LAB_TOPOLOGY, ROLLOUT } from '../support/evidence-views.js';

// Set EVIDENCE_PNG_DIR to keep the pictures for a look.
async function keep(name: string, png: Buffer): Promise<void> {
  const dir = process.env.EVIDENCE_PNG_DIR;
  if (dir) await writeFile(path.join(dir, name), png);
}

afterAll(async () => {
  await disposeBrowser();
});

describe('renderTerminal', () => {
  const shot = {
    command: 'kubectl get pods -o wide',
    output: [
      '\x1b[1mNAME                          READY   STATUS    RESTARTS   AGE\x1b[0m',
      'hello-node-7d9f8c6b5-abcde    1/1     \x1b[32mRunning\x1b[0m   0          2m',
      'hello-node-7d9f8c6b5-fghij    0/1     \x1b[38;5;208mPending\x1b[0m   0          5s',
      'hello-node-7d9f8c6b5-klmno    0/1     \x1b[38;2;255;64;64mCrashLoopBackOff\x1b[0m 4   1m',
      '<script>alert(1)</script> & "quotes"',
    ].join('\n'),
    team: 'kit-b',
    time: new Date('2025-05-02T13:45:00Z'),
  };

  it('renders coloured output as a PNG of the predicted width', async () => {
    const png = await renderTerminal(shot);
    await keep('terminal.png', png);
    const info = readPngInfo(png);
    expect(terminalLayout(shot).width).toBe(720);
    expect(info.width).toBe(720);
    // Title bar, command, 5 lines and footer: roughly 28 + 24 + 22 + 5 * 18 + 30.
    expect(info.height).toBeGreaterThan(150);
    expect(info.height).toBeLessThan(320);
  });

  it('grows with long lines and truncates long outputs with a note', async () => {
    const long = Array.from({ length: 500 }, (_, i) => `${String(i).padStart(4)} ${'x'.repeat(150)}`).join(
      '\n',
    );
    const layout = terminalLayout({ command: 'journalctl', output: long }, 40);
    expect(layout.columns).toBe(155);
    expect(layout.hiddenLines).toBe(460);
    const png = await renderTerminal(
      { command: 'journalctl', output: long, team: 'kit-b', time: 'now' },
      { maxLines: 40 },
    );
    await keep('terminal-long.png', png);
    const info = readPngInfo(png);
    expect(info.width).toBe(layout.width);
    expect(info.height).toBeGreaterThan(40 * 18);
    expect(info.height).toBeLessThan(41 * 18 + 200);
  });

  it('caps the height', async () => {
    const png = await renderTerminal(
      {
        command: 'seq 1 300',
        output: Array.from({ length: 300 }, (_, i) => String(i)).join('\n'),
        team: 't',
        time: 'now',
      },
      { maxLines: 300, maxHeight: 1000 },
    );
    expect(readPngInfo(png).height).toBe(1000);
  });
});

describe('screenshotPage', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<h1 style="color:#2f855a">hello-node dashboard</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('captures a local page at the requested size', async () => {
    const png = await screenshotPage({ url, timeoutMs: 10_000, width: 800, height: 600 });
    await keep('page.png', png);
    expect(readPngInfo(png)).toMatchObject({ width: 800, height: 600 });
  });

  it('fails with PAGE_UNREACHABLE when nothing listens', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/`;
    const err = await screenshotPage({ url: dead, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PageUnreachableError);
    expect(hasEvidenceCode(err, 'PAGE_UNREACHABLE')).toBe(true);
    expect((err as Error).message).toBe(
      `page ${dead} unreachable: connection refused (ERR_CONNECTION_REFUSED)`,
    );
  });

  it('fails with PAGE_UNREACHABLE within the timeout when the page never answers', async () => {
    const silent = await startSilentBackend();
    try {
      const started = Date.now();
      const err = await screenshotPage({ url: `http://127.0.0.1:${silent.port}/`, timeoutMs: 1500 }).catch(
        (e: unknown) => e,
      );
      expect(hasEvidenceCode(err, 'PAGE_UNREACHABLE')).toBe(true);
      expect((err as Error).message).toMatch(/unreachable: no answer within 1500 ms$/);
      expect(Date.now() - started).toBeLessThan(1500 + 2000);
    } finally {
      await silent.close();
    }
  });

  it('fails with PAGE_UNREACHABLE for an unresolvable name and a non-http URL', async () => {
    const dns = await screenshotPage({ url: 'http://no-such-host.invalid/', timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    );
    expect(hasEvidenceCode(dns, 'PAGE_UNREACHABLE')).toBe(true);
    expect((dns as Error).message).toMatch(/^page http:\/\/no-such-host\.invalid\/ unreachable: /);
    const file = await screenshotPage({ url: 'file:///etc/passwd', timeoutMs: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(hasEvidenceCode(file, 'PAGE_UNREACHABLE')).toBe(true);
  });
});

describe('views drawn from live data', () => {
  it('renders the topology at its computed size', async () => {
    const png = await renderTopology(LAB_TOPOLOGY);
    await keep('topology.png', png);
    const layout = topologyLayout(LAB_TOPOLOGY);
    expect(readPngInfo(png)).toMatchObject({ width: layout.width, height: layout.height });
  });

  it('renders a deployment mid-rollout', async () => {
    const png = await renderDeployment(ROLLOUT);
    await keep('deployment.png', png);
    const info = readPngInfo(png);
    expect(info.width).toBe(DEPLOYMENT_WIDTH);
    // Header, meter and a table of 5 pods.
    expect(info.height).toBeGreaterThan(250);
    expect(info.height).toBeLessThan(600);
  });

  it('renders the probe histogram with its verdict', async () => {
    const counts = [31, 29, 22, 18];
    const report: ProbeReport = {
      url: 'http://172.16.7.50:8080/',
      startedAt: new Date(0).toISOString(),
      requests: 103,
      concurrency: 10,
      timeoutMs: 5000,
      expectedBackends: 5,
      successes: 100,
      failures: 3,
      failuresByKind: { reset: 2, timeout: 1 },
      failureExamples: { reset: 'ECONNRESET', timeout: 'no complete reply within 5000 ms' },
      histogram: counts.map((count, i) => ({
        host: `hello-node-6f7c9-${'abcd'[i]}`,
        count,
        share: count / 100,
      })),
      distinctHosts: 4,
      latencyMs: { min: 2, p50: 4.2, p95: 9.8, p99: 15.1, max: 16, mean: 5 },
      requestsPerSecond: 210.4,
      durationMs: 490,
      verdict: spreadVerdict(counts, 5),
    };
    const png = await renderHistogram(report);
    await keep('histogram.png', png);
    expect(readPngInfo(png).width).toBe(HISTOGRAM_WIDTH);
  });
});
