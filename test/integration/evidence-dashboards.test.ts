import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckpointReport,
  type CheckpointSettings,
  checkpointSummary,
  type DeploymentFacts,
  disposeBrowser,
  hasEvidenceCode,
  isPng,
  type LabPort,
  manifestOf,
  PAGE_VIEWPORT,
  readPngInfo,
  reportHtml,
  reportMarkdown,
  runCheckpoint,
  screenshotHorizonTopology,
  screenshotK8sDashboard,
} from '../../src/evidence/index.js';
import { type HorizonStandIn, startHorizon } from '../support/dashboards/horizon.js';
import {
  type K8sDashboardStandIn,
  PROXY_PATH,
  startK8sDashboard,
} from '../support/dashboards/k8s-dashboard.js';
import { freePort, startSilentBackend } from '../support/evidence-backends.js';
import { LAB_TOPOLOGY } from '../support/evidence-views.js';

// Horizon and the Kubernetes dashboard logged into through their login pages (stand-ins with
// the real markup and flow, test/support/dashboards/), in the system Chromium.

const USER = { domain: 'admin_domain', username: 'admin', password: 'Hz-9f3k-Secret-Pass' };
const WRONG_PASSWORD = 'Not-The-Pass-77x';
const TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InN0YW5kLWluIn0.c3RhbmQtaW4tdG9rZW4tZm9yLWRhc2hib2FyZA.c2lnbmF0dXJlLTEyMw';
const WRONG_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.d3JvbmctdG9rZW4.d3Jvbmc';
const TIMEOUT = 20_000;

// Set EVIDENCE_PNG_DIR to keep the pictures for a look.
async function keep(name: string, png: Buffer): Promise<void> {
  const dir = process.env.EVIDENCE_PNG_DIR;
  if (dir) await writeFile(path.join(dir, name), png);
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const out = await p.then(
    (v) => v,
    (e: unknown) => e,
  );
  if (!(out instanceof Error))
    throw new Error(`expected a failure, got ${out instanceof Buffer ? 'a PNG' : out}`);
  return out;
}

/** Every string an error carries (message, cause's message, own fields). */
function errorText(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return [
    err.message,
    String(err.stack),
    cause instanceof Error ? cause.message : String(cause ?? ''),
    JSON.stringify(err),
  ].join('\n');
}

afterAll(async () => {
  await disposeBrowser();
});

describe('Horizon network topology', () => {
  let horizon: HorizonStandIn;
  beforeAll(async () => {
    horizon = await startHorizon({ user: USER, drawDelayMs: 800 });
  });
  afterAll(async () => {
    await horizon.close();
  });

  it('logs in through the form and captures the topology once it is drawn', async () => {
    const before = horizon.requests.length;
    const png = await screenshotHorizonTopology({
      url: horizon.url,
      user: USER.username,
      domain: USER.domain,
      password: USER.password,
      timeoutMs: TIMEOUT,
      ...PAGE_VIEWPORT,
    });
    const returnedAt = Date.now();
    await keep('horizon-topology.png', png);
    expect(isPng(png)).toBe(true);
    expect(readPngInfo(png)).toMatchObject(PAGE_VIEWPORT);

    // (Chromium also asks for /favicon.ico on its own.)
    const requests = horizon.requests.slice(before).filter((r) => r.url !== '/favicon.ico');
    expect(requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'GET /horizon/auth/login/',
      'POST /horizon/auth/login/',
      'GET /horizon/',
      'GET /horizon/project/network_topology/',
      'GET /horizon/project/network_topology/json/',
    ]);
    // The form was posted with the CSRF cookie, and the session cookie came with the topology page.
    expect(requests[1]?.cookies).toContain('csrftoken');
    expect(requests[3]?.cookies).toContain('sessionid');
    expect(horizon.logins.at(-1)).toEqual({
      fields: expect.objectContaining({
        domain: USER.domain,
        username: USER.username,
        password: USER.password,
        region: 'default',
        csrfmiddlewaretoken: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
      }),
      csrfOk: true,
      accepted: true,
    });
    expect(horizon.topologyServed).toBe(1);
    // The picture was taken after the drawing (which follows the JSON by 800 ms).
    const jsonAt = horizon.topologyJsonServedAt.at(-1) as number;
    expect(returnedAt - jsonAt).toBeGreaterThanOrEqual(800);
    for (const r of horizon.requests) expect(r.url).not.toContain(USER.password);
  });

  it('refuses a wrong password with Horizon’s words, and takes no picture', async () => {
    const served = horizon.topologyServed;
    const err = await failure(
      screenshotHorizonTopology({
        url: horizon.url,
        user: USER.username,
        domain: USER.domain,
        password: WRONG_PASSWORD,
        timeoutMs: TIMEOUT,
      }),
    );
    expect(hasEvidenceCode(err, 'LOGIN_REFUSED')).toBe(true);
    expect(err.message).toBe(
      `login refused at ${horizon.url}/auth/login/: Horizon did not let user admin in domain admin_domain in: Invalid credentials.`,
    );
    expect(horizon.logins.at(-1)).toMatchObject({ csrfOk: true, accepted: false });
    expect(horizon.topologyServed).toBe(served);
    expect(errorText(err)).not.toContain(WRONG_PASSWORD);
    for (const r of horizon.requests) expect(r.url).not.toContain(WRONG_PASSWORD);
  });

  it('fails with PAGE_UNREACHABLE when nothing listens, well within the timeout', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/horizon`;
    const started = Date.now();
    const err = await failure(
      screenshotHorizonTopology({ url: dead, user: 'admin', password: USER.password, timeoutMs: 5_000 }),
    );
    expect(hasEvidenceCode(err, 'PAGE_UNREACHABLE')).toBe(true);
    expect(err.message).toBe(
      `page ${dead}/auth/login/ unreachable: connection refused (ERR_CONNECTION_REFUSED)`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with PAGE_UNREACHABLE within the timeout when Horizon never answers', async () => {
    const silent = await startSilentBackend();
    try {
      const started = Date.now();
      const err = await failure(
        screenshotHorizonTopology({
          url: `http://127.0.0.1:${silent.port}/horizon`,
          user: 'admin',
          password: USER.password,
          timeoutMs: 1_500,
        }),
      );
      expect(hasEvidenceCode(err, 'PAGE_UNREACHABLE')).toBe(true);
      expect(err.message).toMatch(/unreachable: no answer within \d+ ms$/);
      expect(Date.now() - started).toBeLessThan(1_500 + 2_000);
    } finally {
      await silent.close();
    }
  });

  it('logs in without a domain when Keystone has one domain, and shows an empty topology', async () => {
    const single = await startHorizon({ user: USER, multidomain: false, networks: [], drawDelayMs: 100 });
    try {
      const png = await screenshotHorizonTopology({
        url: `${single.url}/`,
        user: USER.username,
        domain: 'ignored_when_absent',
        password: USER.password,
        timeoutMs: TIMEOUT,
        ...PAGE_VIEWPORT,
      });
      expect(readPngInfo(png)).toMatchObject(PAGE_VIEWPORT);
      expect(single.logins).toHaveLength(1);
      expect(single.logins[0]?.fields).not.toHaveProperty('domain');
      expect(single.topologyServed).toBe(1);
    } finally {
      await single.close();
    }
  });

  it('refuses a URL that carries credentials without loading anything', async () => {
    const before = horizon.requests.length;
    const withCreds = horizon.url.replace('http://', `http://admin:${USER.password}@`);
    const err = await failure(
      screenshotHorizonTopology({
        url: withCreds,
        user: 'admin',
        password: USER.password,
        timeoutMs: TIMEOUT,
      }),
    );
    expect(hasEvidenceCode(err, 'PAGE_UNREACHABLE')).toBe(true);
    expect(errorText(err)).not.toContain(USER.password);
    expect(horizon.requests.length).toBe(before);
  });
});

describe('Kubernetes dashboard', () => {
  let dashboard: K8sDashboardStandIn;
  beforeAll(async () => {
    dashboard = await startK8sDashboard({ token: TOKEN, listDelayMs: 600 });
  });
  afterAll(async () => {
    await dashboard.close();
  });

  it('signs in with the token and captures the deployments of default', async () => {
    const before = dashboard.requests.length;
    const png = await screenshotK8sDashboard({
      url: dashboard.url,
      token: TOKEN,
      timeoutMs: TIMEOUT,
      ...PAGE_VIEWPORT,
    });
    await keep('k8s-dashboard.png', png);
    expect(isPng(png)).toBe(true);
    expect(readPngInfo(png)).toMatchObject(PAGE_VIEWPORT);
    expect(dashboard.logins).toEqual([{ token: TOKEN, csrfOk: true, accepted: true }]);
    expect(dashboard.deploymentsServed).toEqual(['default']);
    const requests = dashboard.requests.slice(before);
    const login = requests.find((r) => r.method === 'POST');
    expect(login).toMatchObject({ url: `${PROXY_PATH}api/v1/login`, csrfHeader: true });
    expect(requests.find((r) => r.url.endsWith('api/v1/deployment/default'))?.jweHeader).toBe(true);
    for (const r of dashboard.requests) expect(r.url).not.toContain(TOKEN);
  });

  it('chooses the token login when the page opens on another mode', async () => {
    const basicFirst = await startK8sDashboard({ token: TOKEN, modes: ['basic', 'token'] });
    try {
      const png = await screenshotK8sDashboard({ url: basicFirst.url, token: TOKEN, timeoutMs: TIMEOUT });
      expect(readPngInfo(png)).toMatchObject(PAGE_VIEWPORT);
      expect(basicFirst.logins).toEqual([{ token: TOKEN, csrfOk: true, accepted: true }]);
      expect(basicFirst.deploymentsServed).toEqual(['default']);
    } finally {
      await basicFirst.close();
    }
  });

  it('refuses a wrong token with the dashboard’s words, and takes no picture', async () => {
    const served = dashboard.deploymentsServed.length;
    const err = await failure(
      screenshotK8sDashboard({ url: dashboard.url, token: WRONG_TOKEN, timeoutMs: TIMEOUT }),
    );
    expect(hasEvidenceCode(err, 'LOGIN_REFUSED')).toBe(true);
    expect(err.message).toBe(
      `login refused at ${dashboard.url}: the dashboard did not accept the token: Unauthorized (401): Invalid credentials provided`,
    );
    expect(dashboard.logins.at(-1)).toEqual({ token: WRONG_TOKEN, csrfOk: true, accepted: false });
    expect(dashboard.deploymentsServed.length).toBe(served);
    expect(errorText(err)).not.toContain(WRONG_TOKEN);
    for (const r of dashboard.requests) expect(r.url).not.toContain(WRONG_TOKEN);
  });

  it('says so when the dashboard does not allow signing in at that address', async () => {
    // Not https and not localhost / 127.0.0.1: the dashboard disables "Sign in".
    const remote = await startK8sDashboard({ token: TOKEN, host: '127.0.0.2' });
    try {
      const err = await failure(
        screenshotK8sDashboard({ url: remote.url, token: TOKEN, timeoutMs: TIMEOUT }),
      );
      expect(hasEvidenceCode(err, 'LOGIN_REFUSED')).toBe(true);
      expect(err.message).toContain('Insecure access detected. Sign in will not be available.');
      expect(err.message).toContain('over https or from localhost only');
      expect(remote.logins).toEqual([]);
    } finally {
      await remote.close();
    }
  });

  it('fails with PAGE_UNREACHABLE when nothing listens, or when the proxy path is wrong', async () => {
    const dead = `http://127.0.0.1:${await freePort()}${PROXY_PATH}`;
    const started = Date.now();
    const err = await failure(screenshotK8sDashboard({ url: dead, token: TOKEN, timeoutMs: 5_000 }));
    expect(hasEvidenceCode(err, 'PAGE_UNREACHABLE')).toBe(true);
    expect(err.message).toBe(`page ${dead} unreachable: connection refused (ERR_CONNECTION_REFUSED)`);
    expect(Date.now() - started).toBeLessThan(5_000);

    const wrong = dashboard.url.replace('kubernetes-dashboard:/proxy/', 'dashboard:/proxy/');
    const notFound = await failure(screenshotK8sDashboard({ url: wrong, token: TOKEN, timeoutMs: 5_000 }));
    expect(hasEvidenceCode(notFound, 'PAGE_UNREACHABLE')).toBe(true);
    expect(notFound.message).toBe(`page ${wrong} unreachable: HTTP 404 Not Found`);
  });
});

// --- the checkpoints ---------------------------------------------------------------------

const FIVE: DeploymentFacts = {
  name: 'hello-node',
  namespace: 'default',
  image: 'labops/hello-node:v1',
  desired: 5,
  ready: 5,
  updated: 5,
  readyPods: ['a', 'b', 'c', 'd', 'e'].map((x) => `hello-node-7d9f8c6b5-${x}bcde`),
  pods: ['a', 'b', 'c', 'd', 'e'].map((x) => ({
    name: `hello-node-7d9f8c6b5-${x}bcde`,
    phase: 'Running',
    ready: true,
    restarts: 0,
    image: 'labops/hello-node:v1',
  })),
};

/** The lab as checkpoints 1 and 3 read it; what they do not read fails loudly. */
const lab = new Proxy({} as LabPort, {
  get: (_t, name: string) => {
    const answers: Partial<Record<keyof LabPort, unknown>> = {
      command: async (argv: readonly string[]) => `ran ${argv.join(' ')}`,
      topology: async () => LAB_TOPOLOGY,
      webServer: async () => ({
        name: 'juju-openstack-web-server',
        status: 'ACTIVE',
        securityGroups: [{ name: 'web-server-sg', tcpPorts: [{ min: 8080, max: 8080 }] }],
      }),
      deployment: async () => FIVE,
    };
    if (name in answers) return answers[name as keyof LabPort];
    return () => {
      throw new Error(`the lab was asked for ${name}`);
    };
  },
});

async function checkpoint(n: number, extra: Partial<CheckpointSettings>) {
  const stored = new Map<string, Buffer>();
  const report = await runCheckpoint(manifestOf(n), {
    team: 'kit-b',
    lab,
    signal: new AbortController().signal,
    settings: { maxFailureShare: 0.01, balanceRequests: 10, resilienceMs: 1000, ...extra },
    store: async (name, png) => {
      stored.set(name, png);
      return { id: name, name, bytes: png.length, sha256: 'x' };
    },
  });
  return { report, stored };
}

const item = (r: CheckpointReport, id: string) => r.items.find((i) => i.id === id);

describe('checkpoints 1 and 3 with the real UIs', () => {
  let horizon: HorizonStandIn;
  let dashboard: K8sDashboardStandIn;
  beforeAll(async () => {
    horizon = await startHorizon({ user: USER, drawDelayMs: 100 });
    dashboard = await startK8sDashboard({ token: TOKEN, listDelayMs: 100 });
  });
  afterAll(async () => {
    await horizon.close();
    await dashboard.close();
  });

  it('checkpoint 1 keeps the drawn topology and adds Horizon’s page when Horizon is configured', async () => {
    const logins = horizon.logins.length;
    const { report, stored } = await checkpoint(1, {
      horizon: async () => ({
        url: horizon.url,
        user: USER.username,
        domain: USER.domain,
        password: USER.password,
      }),
    });
    expect(report.items.map((i) => i.id)).toEqual([
      'topology',
      'horizon-topology',
      'security-group-rules',
      'web-server-page',
    ]);
    expect(item(report, 'topology')?.ok).toBe(true);
    const real = item(report, 'horizon-topology');
    expect(real).toMatchObject({ ok: true, kind: 'page', ...PAGE_VIEWPORT });
    expect(real?.skipped).toBeUndefined();
    const png = stored.get(real?.artifact?.name as string) as Buffer;
    expect(readPngInfo(png)).toMatchObject(PAGE_VIEWPORT);
    expect(real?.artifact?.name).toBe('checkpoint-1-02-horizon-topology.png');
    expect(horizon.logins.length).toBe(logins + 1);
    expect(JSON.stringify(report)).not.toContain(USER.password);
  });

  it('checkpoint 1 reports Horizon’s page as skipped, naming its settings, when Horizon is not configured', async () => {
    const { report } = await checkpoint(1, {});
    expect(item(report, 'topology')?.ok).toBe(true);
    const real = item(report, 'horizon-topology');
    expect(real).toMatchObject({ ok: false, kind: 'page' });
    expect(real?.error).toBeUndefined();
    expect(real?.skipped).toMatch(
      /^skipped: Horizon is not configured; set LABOPS_HORIZON_URL \(and LABOPS_HORIZON_PASSWORD/,
    );
    expect(reportMarkdown(report)).toContain(`_${real?.skipped}_`);
    expect(reportHtml(report)).toContain('<p class="skip">skipped: Horizon is not configured');
  });

  it('checkpoint 3 passes with the dashboard skipped when it is not configured', async () => {
    const { report } = await checkpoint(3, {});
    expect(report.items.map((i) => i.id)).toEqual(['deployment', 'dashboard', 'kubectl-get-pods']);
    const real = item(report, 'dashboard');
    expect(real?.ok).toBe(false);
    expect(real?.skipped).toMatch(/LABOPS_K8S_DASHBOARD_URL and LABOPS_K8S_DASHBOARD_TOKEN/);
    expect(report.passed).toBe(true);
    expect(report.picturesOk).toBe(true);
    expect(checkpointSummary(report)).toBe(
      'checkpoint 3 (Kubernetes): PASSED, 1/1 criteria, 2/2 pictures, 1 skipped',
    );
  });

  it('checkpoint 3 captures the dashboard when configured, and a rejected token fails only that picture', async () => {
    const good = await checkpoint(3, { k8sDashboard: async () => ({ url: dashboard.url, token: TOKEN }) });
    expect(item(good.report, 'dashboard')).toMatchObject({ ok: true, kind: 'page', ...PAGE_VIEWPORT });
    expect(good.report.picturesOk).toBe(true);
    expect(checkpointSummary(good.report)).toBe(
      'checkpoint 3 (Kubernetes): PASSED, 1/1 criteria, 3/3 pictures',
    );
    expect(JSON.stringify(good.report)).not.toContain(TOKEN);

    const bad = await checkpoint(3, {
      k8sDashboard: async () => ({ url: dashboard.url, token: WRONG_TOKEN }),
    });
    const real = item(bad.report, 'dashboard');
    expect(real?.ok).toBe(false);
    expect(real?.skipped).toBeUndefined();
    expect(real?.error).toMatch(
      /^login refused at .*: the dashboard did not accept the token: Unauthorized \(401\)/,
    );
    expect(bad.report.passed).toBe(true);
    expect(bad.report.picturesOk).toBe(false);
    expect(JSON.stringify(bad.report)).not.toContain(WRONG_TOKEN);
  });
});
