import type { ProbeReport } from '../probe/types.js';
import { screenshotHorizonTopology, screenshotK8sDashboard } from '../render/dashboards.js';
import { renderDeployment } from '../render/deployment.js';
import { renderHistogram } from '../render/histogram.js';
import { screenshotPage } from '../render/screenshot-page.js';
import { renderTerminal } from '../render/terminal.js';
import { renderTopology } from '../render/topology.js';
import { deploymentOf } from './facts.js';
import type { CheckpointItem, CheckpointRun } from './types.js';

/** How a picture is made; a manifest adds its id, title and the guide's words. */
export type Collector = Pick<CheckpointItem, 'kind' | 'collect' | 'skip'>;

/** Viewport of page screenshots: a laptop browser window. */
export const PAGE_VIEWPORT = { width: 1280, height: 800 } as const;

/** Budget of a visit to a real web UI: its login page, the login, the page asked for and its data. */
export const DASHBOARD_TIMEOUT_MS = 30_000;

/** Why Horizon's own page is skipped, and the settings that enable it. */
export const HORIZON_SKIPPED =
  "skipped: Horizon is not configured; set LABOPS_HORIZON_URL (and LABOPS_HORIZON_PASSWORD when the openrc has no OS_PASSWORD) to capture Horizon's own network topology page";

/** Why the Kubernetes dashboard's own page is skipped, and the settings that enable it. */
export const K8S_DASHBOARD_SKIPPED =
  "skipped: the Kubernetes dashboard is not configured; set LABOPS_K8S_DASHBOARD_URL and LABOPS_K8S_DASHBOARD_TOKEN to capture the dashboard's own deployments page";

type Argv = readonly [string, ...string[]];

/**
 * A command's output captured as a terminal window (the command runs on the lab, read-only).
 * `argv` may depend on the lab (e.g. the instance's security group).
 */
export function terminalItem(argv: Argv | ((run: CheckpointRun) => Promise<Argv>)): Collector {
  return {
    kind: 'terminal',
    collect: async (run) => {
      const args = typeof argv === 'function' ? await argv(run) : argv;
      const output = await run.lab.command(args);
      return renderTerminal({
        command: args.join(' '),
        output,
        team: run.team,
        time: run.at,
      });
    },
  };
}

/** A browser tab on a page of the lab; `url` says where (and throws when there is nothing to open). */
export function pageItem(url: (run: CheckpointRun) => Promise<string>): Collector {
  return {
    kind: 'page',
    collect: async (run) => screenshotPage({ url: await url(run), timeoutMs: 15_000, ...PAGE_VIEWPORT }),
  };
}

/** The deployment and its pods drawn from the Kubernetes API (what the dashboard shows). */
export function deploymentItem(name = 'hello-node'): Collector {
  return {
    kind: 'drawing',
    collect: async (run) => {
      const d = await deploymentOf(run, name);
      if (!d) throw new Error(`there is no deployment ${name} (\`kubectl get deploy\`)`);
      return renderDeployment(d);
    },
  };
}

/** OpenStack's network topology drawn from `openstack network/server` output. */
export function topologyItem(): Collector {
  return {
    kind: 'drawing',
    collect: async (run) => renderTopology({ ...(await run.lab.topology()), title: `team ${run.team}` }),
  };
}

/** Horizon's own network topology page, logged in as the configured user (skipped when not configured). */
export function horizonTopologyItem(): Collector {
  return {
    kind: 'page',
    skip: (run) => (run.settings.horizon ? undefined : HORIZON_SKIPPED),
    collect: async (run) => {
      const login = run.settings.horizon;
      if (!login) throw new Error(HORIZON_SKIPPED);
      return screenshotHorizonTopology({
        ...(await login()),
        timeoutMs: DASHBOARD_TIMEOUT_MS,
        ...PAGE_VIEWPORT,
      });
    },
  };
}

/** The Kubernetes dashboard's own deployments page, after its token login (skipped when not configured). */
export function k8sDashboardItem(): Collector {
  return {
    kind: 'page',
    skip: (run) => (run.settings.k8sDashboard ? undefined : K8S_DASHBOARD_SKIPPED),
    collect: async (run) => {
      const login = run.settings.k8sDashboard;
      if (!login) throw new Error(K8S_DASHBOARD_SKIPPED);
      return screenshotK8sDashboard({
        ...(await login()),
        timeoutMs: DASHBOARD_TIMEOUT_MS,
        ...PAGE_VIEWPORT,
      });
    },
  };
}

/** A probe's answers per host as a bar chart; `report` loads (or reuses) the probe. */
export function histogramItem(report: (run: CheckpointRun) => Promise<ProbeReport>): Collector {
  return { kind: 'drawing', collect: async (run) => renderHistogram(await report(run)) };
}

/** Plain text (a report) drawn as a terminal window under a title line. */
export function textItem(
  command: (run: CheckpointRun) => Promise<string>,
  text: (run: CheckpointRun) => Promise<string>,
): Collector {
  return {
    kind: 'terminal',
    collect: async (run) =>
      renderTerminal({ command: await command(run), output: await text(run), team: run.team, time: run.at }),
  };
}
