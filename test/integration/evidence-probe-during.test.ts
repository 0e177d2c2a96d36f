import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProbeDuringReport, probeDuring } from '../../src/evidence/probe/index.js';
import { type Backend, startLabBackend, startLabBackends } from '../support/evidence-backends.js';
import { RoundRobinProxy } from '../support/evidence-rr-proxy.js';

const running: Backend[] = [];
let proxy: RoundRobinProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await Promise.all(running.splice(0).map((b) => b.kill()));
});

describe('probeDuring', () => {
  it('counts failures while a backend dies and reports its replacement', async () => {
    running.push(...(await startLabBackends(['pod-1', 'pod-2', 'pod-3'])));
    proxy = new RoundRobinProxy(running.map((b) => b.port));
    const url = `http://127.0.0.1:${await proxy.listen()}/`;
    const victim = running[1]!;

    const report = await probeDuring({
      url,
      concurrency: 20,
      timeoutMs: 2000,
      durationMs: 3000,
      ratePerSecond: 50,
      warmupMs: 600,
      action: async () => {
        // Like `kubectl delete pod`: the process dies, the balancer notices only later,
        // and a replacement with a new name joins.
        await victim.kill('SIGKILL');
        await sleep(500);
        proxy!.remove(victim.port);
        const replacement = await startLabBackend('pod-4');
        running.push(replacement);
        proxy!.add(replacement.port);
      },
    });

    expect(report.action.error).toBeUndefined();
    expect(report.action.startedAtMs).toBeGreaterThanOrEqual(550);
    // The dead backend takes every third connection for about 500 ms at 50 req/s.
    expect(report.failures).toBeGreaterThanOrEqual(3);
    expect(report.failuresByKind.reset).toBe(report.failures);
    expect(report.failureShare).toBeCloseTo(report.failures / report.requests, 10);
    expect(report.longestFailureRun).toBeGreaterThanOrEqual(1);
    expect(report.hostsBefore).toEqual(['pod-1', 'pod-2', 'pod-3']);
    expect(report.hostsAfter).toEqual(['pod-1', 'pod-3', 'pod-4']);
    expect(report.lostHosts).toEqual(['pod-2']);
    expect(report.newHosts.map((h) => h.host)).toEqual(['pod-4']);
    expect(report.replacementFirstSeenMs).toBeGreaterThanOrEqual(500);
    expect(report.replacementFirstSeenMs).toBeLessThan(report.durationMs);
    // About 3 s at 50 req/s.
    expect(report.requests).toBeGreaterThan(100);
    expect(report.requests).toBeLessThanOrEqual(151);
    expect(report.timeline.reduce((n, b) => n + b.failures, 0)).toBe(report.failures);
    expect(formatProbeDuringReport(report)).toContain('new:          pod-4');
  });

  it('sees the longest failure run when every backend is down for a while', async () => {
    running.push(...(await startLabBackends(['solo-1'])));
    proxy = new RoundRobinProxy(running.map((b) => b.port));
    const url = `http://127.0.0.1:${await proxy.listen()}/`;
    const only = running[0]!;

    const report = await probeDuring({
      url,
      concurrency: 10,
      timeoutMs: 1000,
      durationMs: 2000,
      ratePerSecond: 40,
      warmupMs: 400,
      action: async () => {
        await only.kill('SIGKILL');
        await sleep(500);
        const back = await startLabBackend('solo-2');
        running.push(back);
        proxy!.remove(only.port);
        proxy!.add(back.port);
      },
    });

    // All ~20 requests in the 500 ms gap fail back to back.
    expect(report.longestFailureRun).toBeGreaterThanOrEqual(12);
    expect(report.longestFailureRunMs).toBeGreaterThanOrEqual(250);
    expect(report.hostsBefore).toEqual(['solo-1']);
    expect(report.hostsAfter).toEqual(['solo-2']);
    expect(report.replacementFirstSeenMs).not.toBeNull();
  });

  it('reports an action that throws instead of failing the run', async () => {
    running.push(...(await startLabBackends(['pod-x'])));
    const url = `http://127.0.0.1:${running[0]!.port}/`;
    const report = await probeDuring({
      url,
      concurrency: 5,
      timeoutMs: 1000,
      durationMs: 500,
      ratePerSecond: 20,
      action: async () => {
        throw new Error('kubectl: pod not found');
      },
    });
    expect(report.action.error).toBe('kubectl: pod not found');
    expect(report.failures).toBe(0);
    expect(report.newHosts).toEqual([]);
    expect(report.replacementFirstSeenMs).toBeNull();
  });
});
