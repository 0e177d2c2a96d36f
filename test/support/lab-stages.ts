import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { runSlash } from '../../src/cli/run-slash.js';
import type { LabClient } from '../../src/client/lab-client.js';
import { recipes } from '../../src/runners/recipes/index.js';
import type { RunnerHandle } from '../../src/runners/worker.js';
import { artifactStore } from '../../src/services/artifacts.js';
import { connectRedis } from '../../src/shared/redis.js';
import { type SimLab, startSimLab } from '../../src/sim/lab.js';
import { WALK } from './lab-walk.js';
import { freshTeam, testClient, testKeys, testRunner } from './pipeline.js';
import { tempDir } from './procs.js';

/**
 * The simulated lab at each stage of the guide: walked once through an in-process runner, its
 * state directory copied after each step, and any stage brought back by copying it again.
 */

/** Stage 0 is `--preset fresh`; stage i is the lab after the walk's step i. */
export const STAGES = ['fresh', ...WALK.map((l) => `after ${l}`)];

/** What one slash command line printed and how it ended. */
export interface LineRun {
  line: string;
  exitCode: number;
  /** `completed`, `failed` or `refused` (refused before a job was queued), or `local` (answered without a job). */
  state: string;
  code?: string;
  message?: string;
  /** Everything it printed, progress included. */
  text: string;
  ms: number;
  /** The JSON outcome it printed last (the job's, for a job). */
  doc: Record<string, any>;
}

/** A writable that keeps what it is given. */
function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export class StageLab {
  readonly root = tempDir('labops-stages-');
  readonly dir = join(this.root, 'lab');
  readonly team = freshTeam();
  readonly keys = testKeys();
  lab!: SimLab;
  runner!: RunnerHandle;
  client!: LabClient;

  constructor(
    readonly redisUrl: string,
    readonly timeScale: number,
  ) {}

  snapshot = (i: number) => join(this.root, `stage-${String(i).padStart(2, '0')}`);

  async start(): Promise<void> {
    this.lab = await startSimLab({ stateDir: this.dir, preset: 'fresh', timeScale: this.timeScale });
    const env = { ...this.lab.env, HOME: join(this.root, 'home') };
    mkdirSync(env.HOME, { recursive: true });
    this.runner = await testRunner({
      redisUrl: this.redisUrl,
      team: this.team,
      keys: this.keys,
      recipes,
      env,
      config: { ...this.lab.env, LABOPS_CHECKPOINT_MAX_FAILURE_SHARE: '0.05' },
    });
    this.client ??= testClient(this.redisUrl, this.keys);
  }

  /** Runs one line as `labops run "<line>" --yes --json [--dry-run]` would, in this process. */
  async run(line: string, dryRun = false): Promise<LineRun> {
    const out = sink();
    const err = sink();
    const started = Date.now();
    let exitCode: number;
    try {
      exitCode = await runSlash(line, this.client, {
        team: this.team,
        json: true,
        yes: true,
        dryRun,
        out: out.stream,
        err: err.stream,
      });
    } catch (e) {
      const error = e as Error;
      return {
        line,
        exitCode: -1,
        state: 'threw',
        code: error.name,
        message: error.message,
        text: String(error.stack),
        ms: Date.now() - started,
        doc: {},
      };
    }
    const last = out.text().trim().split('\n').pop() ?? '';
    let doc: Record<string, any> = {};
    try {
      doc = JSON.parse(last);
    } catch {
      doc = { state: 'local' };
    }
    return {
      line,
      exitCode,
      state: String(doc.state ?? 'local'),
      code: doc.code,
      message: doc.message,
      text: `${out.text()}\n${err.text()}`,
      ms: Date.now() - started,
      doc,
    };
  }

  /** The picture a job attached under `name`, from the team's artifacts. */
  async picture(r: LineRun, name: string): Promise<Buffer | undefined> {
    const ref = ((r.doc.result?.artifacts ?? []) as { id: string; name: string }[]).find(
      (a) => a.name === name,
    );
    if (!ref) return undefined;
    const redis = connectRedis(this.redisUrl, 'producer');
    try {
      return (await artifactStore(redis, this.team, { ttlS: 60, maxBytes: 1 }).get(ref.id))?.body;
    } finally {
      redis.disconnect();
    }
  }

  /** Walks the guide once, copying the state directory before the first step and after each. */
  async walk(onStep: (r: LineRun) => void): Promise<void> {
    await this.copyTo(0);
    for (const [i, line] of WALK.entries()) {
      const r = await this.run(line);
      onStep(r);
      if (r.state !== 'completed') throw new Error(`the walk stopped at ${line}: ${r.text.slice(-1500)}`);
      await this.copyTo(i + 1);
    }
  }

  /**
   * Stops the lab, copies its state directory to stage i, and starts it again, once its
   * restarted pods are Ready: the next step (`/chaos delete-pod` deletes a Ready pod) meets the
   * lab as it was left, not one still restarting.
   */
  private async copyTo(i: number): Promise<void> {
    await this.stop();
    cpSync(this.dir, this.snapshot(i), { recursive: true });
    await this.start();
    await this.settle();
  }

  /** Brings the lab back to stage i, once its restarted pods and instances have settled. */
  async restore(i: number): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    cpSync(this.snapshot(i), this.dir, { recursive: true });
    await this.start();
    await this.settle();
  }

  /**
   * Waits until the state files and the cluster's resourceVersions stay the same over three
   * reads in a row: a restarted lab brings its pods back to Ready, which writes them.
   */
  async settle(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let last = '';
    let same = 0;
    while (same < 3) {
      if (Date.now() > until) throw new Error(`the lab at ${this.dir} did not settle`);
      const now = JSON.stringify([[...this.stateHashes()], [...(await this.resourceVersions())]]);
      same = now === last ? same + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 400));
    }
  }

  async stop(): Promise<void> {
    await this.runner?.close();
    await this.lab?.close();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.client?.close();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** SHA-256 of every state file of the simulated cloud (logs, process records and the cluster's own store left out). */
  stateHashes(): Map<string, string> {
    const hashes = new Map<string, string>();
    const walkDir = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        const rel = relative(this.dir, p);
        if (/^(kube|procs|client|home)(\/|$)|\.log$|sim-run\.json$|(^|\/)procs(\/|$)/.test(rel)) continue;
        if (statSync(p).isDirectory()) walkDir(p);
        else hashes.set(rel, createHash('sha256').update(readFileSync(p)).digest('hex'));
      }
    };
    if (existsSync(this.dir)) walkDir(this.dir);
    return hashes;
  }

  /** `kind/namespace/name → resourceVersion` of every object of the simulated cluster the lab's steps touch. */
  async resourceVersions(): Promise<Map<string, string>> {
    const paths = [
      '/api/v1/pods',
      '/api/v1/services',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/replicasets',
      '/apis/networking.k8s.io/v1/ingresses',
    ];
    const out = new Map<string, string>();
    for (const p of paths) {
      const r = await fetch(`${this.lab.kube.url}${p}`);
      const doc = (await r.json()) as {
        kind: string;
        items?: { metadata: { namespace?: string; name: string; resourceVersion: string } }[];
      };
      for (const it of doc.items ?? [])
        out.set(`${doc.kind}/${it.metadata.namespace}/${it.metadata.name}`, it.metadata.resourceVersion);
    }
    return out;
  }
}

/** The differences between two maps, as `key: before → after` lines. */
export function mapDiff(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k)} → ${b.get(k)}`);
}
