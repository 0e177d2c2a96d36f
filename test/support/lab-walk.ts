import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { labops, labopsDaemon, tempDir } from './procs.js';

/**
 * The whole lab walked through real processes: a `labops runner --sim` process and one
 * `labops run "<command>" --yes --json` per step, as a student's terminal would.
 */

/** The guide's steps in order, as slash commands. */
export const WALK = [
  '/deploy octavia',
  '/quota',
  '/deploy webserver',
  '/image build v1',
  '/image push v1',
  '/deploy k8s',
  '/deploy hello-node',
  '/scale hello-node 5',
  '/expose loadbalancer',
  '/image build v2',
  '/image push v2',
  '/rollout v2',
  '/chaos delete-pod',
] as const;

export interface StepResult {
  name: string;
  outcome: 'done' | 'already-done' | 'dry-run' | 'failed';
  message?: string;
}

export interface RunOutcome {
  line: string;
  exitCode: number | undefined;
  state: string;
  jobId: string;
  summary: string;
  fields: Record<string, string>;
  steps: StepResult[];
  message?: string;
  /** Every command the job ran (the `$ ` lines of its log). */
  commands: string[];
  ms: number;
  stderr: string;
}

/**
 * A command a runner runs that changes the lab (the juju / openstack / docker / vault /
 * kubectl verbs that write). Whole words only: OpenStack ids are hex, and `b97aecd3e2a9badd6…` holds `add`.
 */
export const MUTATING =
  /^(juju (deploy|integrate|add-|update-|set-model-constraints|bootstrap|config( \S+)* [a-z][\w-]*=|config .*--file|exec|run|ssh|switch)|openstack .*\b(create|set|add|delete)\b|docker (build|tag|push|run|login)|openssl|vault (write|operator unseal|token create)|kubectl (create|apply|expose|scale|set|delete|patch|rollout undo))/;

export function walkEnv(redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tempDir('labops-walk-home-'),
    REDIS_URL: redisUrl,
    LABOPS_KEYS_DIR: tempDir('labops-walk-keys-'),
    LABOPS_LOG_DIR: tempDir('labops-walk-logs-'),
    LABOPS_TEAM: `walk${Date.now().toString(36)}`,
    // One person walks the whole lab in a few minutes: the per-user rate limit would refuse it.
    LABOPS_RATE_USER_PER_MIN: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** Starts `labops runner --sim` on `stateDir` and resolves once it takes jobs. */
export function startSimRunner(env: Record<string, string>, stateDir: string, timeScale: number) {
  const args = ['runner', '--sim', '--preset', 'fresh', '--state-dir', stateDir];
  return labopsDaemon([...args, '--time-scale', String(timeScale)], env, /runner ready/, 90_000);
}

/** `labops run "<line>" --yes --json`, its result read back with the commands its log lists. */
export async function runLine(env: Record<string, string>, line: string): Promise<RunOutcome> {
  const started = Date.now();
  const r = await labops(['run', line, '--yes', '--json'], env);
  const ms = Date.now() - started;
  let out: Record<string, any> = {};
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
  } catch {
    out = { state: 'unparsed', message: r.stdout };
  }
  const jobId = String(out.jobId ?? '');
  const log = join(env.LABOPS_LOG_DIR ?? '', `${jobId}.log`);
  const commands = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('$ '))
        .map((l) => l.slice(2))
    : [];
  const result = out.result ?? {};
  return {
    line,
    exitCode: r.exitCode,
    state: String(out.state),
    jobId,
    summary: String(result.summary ?? ''),
    fields: Object.fromEntries(
      ((result.fields ?? []) as { name: string; value: string }[]).map((f) => [f.name, f.value]),
    ),
    steps: (result.steps ?? []) as StepResult[],
    message: out.message,
    commands,
    ms,
    stderr: r.stderr,
  };
}

/** One GET on a new TCP connection; the body, or the error text. */
export function getOnce(url: string, timeoutMs = 3_000): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(`error: ${e.message}`));
  });
}

/** The guide's reply names its host unquoted: `{ "host": hello-node-…, "message": … }`. */
export const hostOf = (body: string) => /"host":\s*([^,]+),/.exec(body)?.[1]?.trim();

/** Pods of the simulated cluster as the real kubectl shows them. */
export async function helloPods(stateDir: string) {
  const r = await execa(
    'kubectl',
    [
      '--kubeconfig',
      join(stateDir, 'client', 'kubeconfig'),
      'get',
      'pods',
      '-l',
      'app=hello-node',
      '-o',
      'json',
    ],
    { reject: false, timeout: 30_000 },
  );
  const doc = JSON.parse(r.stdout || '{"items":[]}') as {
    items: {
      metadata: { name: string; deletionTimestamp?: string };
      status?: { conditions?: { type: string; status: string }[] };
    }[];
  };
  return doc.items.map((p) => ({
    name: p.metadata.name,
    terminating: Boolean(p.metadata.deletionTimestamp),
    ready: Boolean(p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
  }));
}

/** Ends whatever processes of the lab in `stateDir` are left (pods, instance servers, runners). */
export async function killLeftovers(stateDir: string): Promise<void> {
  const { reapOrphans } = await import('../../src/sim/proc-registry.js');
  await reapOrphans(stateDir, 1_000);
  await reapOrphans(join(stateDir, 'kube'), 1_000);
  const left = await execa('pgrep', ['-f', stateDir], { reject: false });
  for (const pid of left.stdout.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
