/** Shared helpers of the simulated-cluster integration tests: a sim in a temp dir, kubectl, HTTP. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { type KubeSim, type KubeSimOptions, startKubeSim } from '../../src/sim/kube/index.js';

/** The lab guide's web server (v1). */
export const HELLO_NODE = fileURLToPath(new URL('../../assets/hello-node', import.meta.url));

/** A v2 build context: the guide's server with another message. */
export function makeV2Context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sim-kube-v2-'));
  cpSync(HELLO_NODE, dir, { recursive: true });
  const server = join(dir, 'server.js');
  writeFileSync(server, readFileSync(server, 'utf8').replace('Hello World!', 'Hello World v2!'));
  return dir;
}

/** A build context whose server exits at once (for CrashLoopBackOff). */
export function makeCrashingContext(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sim-kube-crash-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\nCOPY server.js .\nCMD ["node", "server.js"]\n');
  writeFileSync(join(dir, 'server.js'), "console.error('boom'); process.exit(3);\n");
  return dir;
}

/** Starts a sim on a fresh temp state dir (or `stateDir`), 20x faster than real time. */
export async function startTestSim(
  images: Record<string, string>,
  extra: Partial<KubeSimOptions> = {},
): Promise<{ sim: KubeSim; stateDir: string }> {
  const stateDir = extra.stateDir ?? mkdtempSync(join(tmpdir(), 'sim-kube-'));
  const sim = await startKubeSim({
    stateDir,
    timeScale: 0.05,
    resolveImage: async (image) => (images[image] ? { contextDir: images[image] as string } : null),
    loadBalancerReady: () => true,
    ...extra,
  });
  return { sim, stateDir };
}

/** Runs the real kubectl against a sim; never throws, returns exit code and output. */
export async function kubectl(
  sim: KubeSim,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await execa('kubectl', args, {
    env: { KUBECONFIG: sim.kubeconfigPath, HOME: tmpdir() },
    reject: false,
    timeout: 30_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** One GET on a new TCP connection (no keep-alive agent); rejects on connection errors. */
export function get(url: string, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Host names in the guide server's answer `{ "host": NAME, "message": "…"}`. */
export function hostOf(body: string): string | undefined {
  return /"host": ([^,]+),/.exec(body)?.[1];
}
