import { userInfo } from 'node:os';
import { runProbeCli } from '../evidence/probe/cli.js';
import { realClock } from '../runners/clock.js';
import type { RecipeContext } from '../runners/context.js';
import { createLabTools } from '../runners/lab-tools.js';
import { webServerFacts } from '../runners/recipes/checkpoint/os-facts.js';
import { workerAddresses } from '../runners/recipes/common/hello-url.js';
import { lbTarget } from '../runners/recipes/lb-probe/target.js';
import { readConfig } from '../shared/config.js';
import { createExec } from '../shared/exec.js';
import { silentLogger } from '../shared/logger.js';
import { createRedactor, secretEnvValues } from '../shared/redact.js';

/** Pure: `host:port` of an http(s) URL (default ports filled in), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

/**
 * What the team's lab exposes, read with the runner's own settings: hello-node's
 * LoadBalancer ingress, its NodePort on every node address, the web server's floating IP on
 * 8080. Each source that cannot be read is skipped.
 */
export async function labTargets(env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<string[]> {
  const config = readConfig(env);
  const exec = createExec({ redact: createRedactor(secretEnvValues(env)), baseEnv: env });
  const user = userInfo().username;
  const ctx: RecipeContext = {
    jobId: 'probe-lab',
    team: config.LABOPS_TEAM,
    requestedBy: { id: `cli:${user}`, name: user, via: 'cli' },
    dryRun: false,
    signal,
    exec,
    log: silentLogger,
    config,
    artifacts: {
      put: () => Promise.reject(new Error('no artifacts in labops probe')),
      get: async () => null,
    },
    say: () => {},
    secret: () => {},
    state: {},
    produced: [],
    tools: createLabTools({ config, env, dryRun: false, clock: realClock }, { exec, signal }),
    clock: realClock,
    env,
  };
  const urls: string[] = [];
  const lb = await lbTarget(ctx).catch(() => undefined);
  if (lb) urls.push(lb.url);
  const svc = await ctx.tools.kube.getService('hello-node').catch(() => null);
  const nodePort = svc?.spec?.ports?.[0]?.nodePort;
  if (nodePort)
    for (const a of await workerAddresses(ctx).catch(() => [])) urls.push(`http://${a}:${nodePort}/`);
  const web = await webServerFacts(ctx).catch(() => null);
  if (web?.floatingIp) urls.push(`http://${web.floatingIp}:8080/`);
  await exec.close();
  return urls;
}

/**
 * `labops probe --lab [url] …`: like `labops probe`, but only towards what the team's lab
 * exposes (the URL defaults to the LoadBalancer's), and within LABOPS_PROBE_MAX_REQUESTS.
 */
export async function probeLab(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const rest = args.filter((a) => a !== '--lab');
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const targets = await labTargets(env, stop.signal);
  const fail = (m: string) => {
    process.stderr.write(`labops probe --lab: ${m}\n`);
    return 2;
  };
  const url = rest.find((a) => /^https?:\/\//.test(a));
  if (!url) {
    if (!targets[0]) return fail('the lab exposes nothing to probe yet (`/expose loadbalancer`)');
    rest.unshift(targets[0]);
  } else if (!targets.some((t) => originOf(t) === originOf(url))) {
    return fail(
      `${url} is not exposed by the team's lab; it exposes: ${targets.join(', ') || 'nothing yet'}`,
    );
  }
  return runProbeCli(
    rest,
    { stdout: process.stdout, stderr: process.stderr, signal: stop.signal },
    { maxRequests: readConfig(env).LABOPS_PROBE_MAX_REQUESTS },
  );
}
