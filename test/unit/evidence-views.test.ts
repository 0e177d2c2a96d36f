import { describe, expect, it } from 'vitest';
import { spreadVerdict } from '../../src/evidence/probe/spread-verdict.js';
import { summarize } from '../../src/evidence/probe/summarize.js';
import { deploymentHtml } from '../../src/evidence/render/deployment.js';
import { histogramHtml } from '../../src/evidence/render/histogram.js';
import { unreachableReason } from '../../src/evidence/render/screenshot-page.js';
import { topologyHtml } from '../../src/evidence/render/topology.js';
import { CARD_W, OTHER_NETWORK, topologyLayout } from '../../src/evidence/render/topology-layout.js';
import { LAB_TOPOLOGY, ROLLOUT } from '../support/evidence-views.js';

describe('topologyLayout', () => {
  it('stacks external net, router, internal net and instances top to bottom', () => {
    const layout = topologyLayout(LAB_TOPOLOGY);
    const ext = layout.externals[0]!.box;
    const router = layout.routers[0]!.box;
    const net = layout.internals[0]!.box;
    expect(ext.y).toBeLessThan(router.y);
    expect(router.y + router.h).toBeLessThan(net.y);
    expect(layout.servers).toHaveLength(3);
    for (const { box } of layout.servers) {
      expect(box.y).toBeGreaterThan(net.y + net.h);
      expect(box.x).toBeGreaterThanOrEqual(net.x);
      expect(box.x + box.w).toBeLessThanOrEqual(net.x + net.w);
      expect(box.y + box.h).toBeLessThan(layout.height);
    }
    expect(layout.width).toBe(900);
  });

  it('gets wider with more instances and puts unknown networks in their own column', () => {
    const many = {
      ...LAB_TOPOLOGY,
      servers: Array.from({ length: 6 }, (_, i) => ({
        name: `vm-${i}`,
        status: 'ACTIVE',
        addresses: { [i < 5 ? 'int_net' : 'lb-mgmt-net']: [`10.0.0.${i}`] },
        floatingIps: [],
        securityGroups: [],
      })),
    };
    const layout = topologyLayout(many);
    expect(layout.width).toBeGreaterThan(6 * CARD_W);
    expect(layout.internals.map((i) => i.net.name)).toEqual(['int_net', OTHER_NETWORK]);
    const xs = layout.servers.map((s) => s.box.x);
    expect(new Set(xs).size).toBe(6);
  });

  it('copes with an empty project', () => {
    const layout = topologyLayout({ networks: [], routers: [], servers: [] });
    expect(layout).toMatchObject({ width: 900, externals: [], routers: [], internals: [], servers: [] });
    expect(layout.height).toBeGreaterThan(0);
  });

  it('escapes every label', () => {
    const evil = {
      ...LAB_TOPOLOGY,
      servers: [{ ...LAB_TOPOLOGY.servers[0]!, name: '<script>x</script>', securityGroups: ['a&b'] }],
    };
    const html = topologyHtml(evil, topologyLayout(evil));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('a&amp;b');
    expect(html).toContain('floating 172.16.7.203');
    expect(html).toContain('fixed 192.169.0.37');
  });
});

describe('deploymentHtml', () => {
  it('shows readiness and marks pods still on the old image', () => {
    const html = deploymentHtml(ROLLOUT);
    expect(html).toContain('4/5<span>ready</span>');
    expect(html.match(/\(old\)/g)).toHaveLength(2);
    expect(html).toContain('width:80.0%');
    expect(deploymentHtml({ ...ROLLOUT, name: '<b>' })).toContain('&lt;b&gt;');
  });
});

describe('histogramHtml', () => {
  it('draws one bar per host, the expected line and the verdict', () => {
    const outcomes = ['p<1>', 'p2', 'p2', 'p1'].map((host) => ({
      ok: true as const,
      host,
      status: 200,
      startedAt: 0,
      endedAt: 1,
    }));
    const report = summarize({
      url: 'http://x/',
      startedAt: new Date(),
      concurrency: 1,
      timeoutMs: 1,
      durationMs: 1,
      outcomes,
    });
    const html = histogramHtml(report);
    expect(html.match(/class="bar"/g)).toHaveLength(3);
    expect(html).toContain('p&lt;1&gt;');
    expect(html).toContain('class="verdict good"');
    expect(histogramHtml({ ...report, verdict: spreadVerdict([100]) })).toContain(
      'only one backend answered',
    );
  });
});

describe('unreachableReason', () => {
  it('turns Chromium net errors and timeouts into plain words', () => {
    expect(unreachableReason(new Error('page.goto: net::ERR_CONNECTION_REFUSED at http://x/'), 100)).toBe(
      'connection refused (ERR_CONNECTION_REFUSED)',
    );
    expect(unreachableReason(new Error('page.goto: net::ERR_NAME_NOT_RESOLVED at http://x/'), 100)).toBe(
      'DNS name not resolved (ERR_NAME_NOT_RESOLVED)',
    );
    expect(unreachableReason(new Error('page.goto: net::ERR_SOMETHING_NEW at http://x/'), 100)).toBe(
      'err something new (ERR_SOMETHING_NEW)',
    );
    expect(
      unreachableReason(
        Object.assign(new Error('page.goto: Timeout 100ms exceeded.'), { name: 'TimeoutError' }),
        100,
      ),
    ).toBe('no answer within 100 ms');
  });
});
