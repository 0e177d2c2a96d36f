import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/evidence/probe/index.js';
import {
  type Backend,
  freePort,
  startLabBackends,
  startResettingBackend,
  startSilentBackend,
  startTcpServer,
} from '../support/evidence-backends.js';
import { RoundRobinProxy } from '../support/evidence-rr-proxy.js';

const HOSTS = ['hello-node-a1', 'hello-node-b2', 'hello-node-c3', 'hello-node-d4', 'hello-node-e5'];
let backends: Backend[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  backends = await startLabBackends(HOSTS);
});
afterAll(async () => {
  await Promise.all(backends.map((b) => b.kill()));
});
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((fn) => fn()));
});

async function proxyTo(ports: number[]): Promise<{ url: string; proxy: RoundRobinProxy }> {
  const proxy = new RoundRobinProxy(ports);
  const port = await proxy.listen();
  cleanups.push(() => proxy.close());
  return { url: `http://127.0.0.1:${port}/`, proxy };
}

describe('probe against the lab server.js behind a round-robin balancer', () => {
  it('sees exactly 20 answers from each of 5 backends and calls the spread even', async () => {
    const { url } = await proxyTo(backends.map((b) => b.port));
    const progress: number[] = [];
    const report = await probe({
      url,
      requests: 100,
      concurrency: 10,
      timeoutMs: 5000,
      onProgress: (d) => progress.push(d),
    });

    expect(report.successes).toBe(100);
    expect(report.failures).toBe(0);
    expect(report.distinctHosts).toBe(5);
    expect(report.histogram).toEqual(HOSTS.map((host) => ({ host, count: 20, share: 0.2 })));
    expect(report.verdict.statistic).toBe(0);
    expect(report.verdict.degreesOfFreedom).toBe(4);
    expect(report.verdict.pValue).toBe(1);
    expect(report.verdict.even).toBe(true);
    expect(report.latencyMs?.p50).toBeGreaterThan(0);
    expect(report.latencyMs!.p99).toBeGreaterThanOrEqual(report.latencyMs!.p95);
    expect(report.requestsPerSecond).toBeGreaterThan(0);
    expect(progress).toHaveLength(100);
    expect(progress.at(-1)).toBe(100);
  });

  it('opens a new connection per request (a kept-alive client would stick to one backend)', async () => {
    const { url, proxy } = await proxyTo(backends.slice(0, 2).map((b) => b.port));
    await probe({ url, requests: 10, concurrency: 1, timeoutMs: 5000 });
    expect([...proxy.assigned.values()]).toEqual([5, 5]);
  });

  it('calls the spread uneven when an expected sixth backend never answers', async () => {
    const { url } = await proxyTo(backends.map((b) => b.port));
    const report = await probe({ url, requests: 100, concurrency: 10, timeoutMs: 5000, expectedBackends: 6 });
    expect(report.distinctHosts).toBe(5);
    expect(report.verdict.categories).toBe(6);
    expect(report.verdict.missingBackends).toBe(1);
    expect(report.verdict.statistic).toBeCloseTo(20, 6);
    expect(report.verdict.pValue).toBeLessThan(0.01);
    expect(report.verdict.even).toBe(false);
  });

  it('classifies a resetting backend as reset and a silent one as timeout', async () => {
    const resetting = await startResettingBackend();
    const silent = await startSilentBackend();
    cleanups.push(resetting.close, silent.close);
    const { url } = await proxyTo([backends[0]!.port, resetting.port, backends[1]!.port, silent.port]);

    const started = Date.now();
    const report = await probe({ url, requests: 40, concurrency: 8, timeoutMs: 400 });

    expect(report.successes).toBe(20);
    expect(report.failuresByKind).toEqual({ reset: 10, timeout: 10 });
    expect(report.histogram.map((h) => [h.host, h.count])).toEqual([
      ['hello-node-a1', 10],
      ['hello-node-b2', 10],
    ]);
    // 10 timeouts of 400 ms over 8 parallel slots: well under the serial 4 s.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('classifies a port with nothing listening as refused', async () => {
    const port = await freePort();
    const report = await probe({
      url: `http://127.0.0.1:${port}/`,
      requests: 5,
      concurrency: 2,
      timeoutMs: 2000,
    });
    expect(report.failuresByKind).toEqual({ refused: 5 });
    expect(report.successes).toBe(0);
    expect(report.verdict.even).toBe(false);
    expect(report.latencyMs).toBeNull();
  });

  it('reports non-2xx answers as http_<status>', async () => {
    const server = await startTcpServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n'));
    });
    cleanups.push(server.close);
    const report = await probe({
      url: `http://127.0.0.1:${server.port}/`,
      requests: 3,
      concurrency: 1,
      timeoutMs: 2000,
    });
    expect(report.failuresByKind).toEqual({ http_503: 3 });
  });

  it('reads hosts from valid JSON and from plain-text replies', async () => {
    let n = 0;
    const reply = (body: string) =>
      `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
    const server = await startTcpServer((socket) => {
      socket.once('data', () => {
        const i = n++;
        socket.end(reply(i % 2 === 0 ? JSON.stringify({ host: 'json-pod', message: 'hi' }) : 'text-pod\n'));
      });
    });
    cleanups.push(server.close);
    const report = await probe({
      url: `http://127.0.0.1:${server.port}/`,
      requests: 6,
      concurrency: 1,
      timeoutMs: 2000,
    });
    expect(report.histogram.map((h) => [h.host, h.count])).toEqual([
      ['json-pod', 3],
      ['text-pod', 3],
    ]);
  });

  it('stops when aborted and rejects with the reason', async () => {
    const silent = await startSilentBackend();
    cleanups.push(silent.close);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 200);
    const started = Date.now();
    await expect(
      probe({
        url: `http://127.0.0.1:${silent.port}/`,
        requests: 50,
        concurrency: 5,
        timeoutMs: 10_000,
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses bad options before sending anything', async () => {
    await expect(
      probe({ url: 'ftp://x/', requests: 1, concurrency: 1, timeoutMs: 100 }),
    ).rejects.toMatchObject({
      code: 'BAD_PROBE_OPTIONS',
    });
  });
});
