import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { parse } from 'yaml';
import { listServers, type ServerInfo } from './cloud/index.js';
import { trackProcess, untrackProcess } from './proc-registry.js';

const PRELOAD = fileURLToPath(new URL('../../assets/sim/host-preload.cjs', import.meta.url));
const GUIDE_SERVER = fileURLToPath(new URL('../../assets/hello-node/server.js', import.meta.url));

/** Seconds cloud-init takes on a real instance to install Node.js and start the server. */
const CLOUD_INIT_SECONDS = 90;

/** The server.js a cloud-init user-data writes (write_files), or the guide's when it only runs one. */
export function serverFromUserData(userData: string | null): string | null {
  if (!userData || !/server\.js/.test(userData)) return null;
  try {
    const doc = parse(userData) as { write_files?: { path?: string; content?: string }[] } | null;
    const file = doc?.write_files?.find((f) => f.path?.endsWith('server.js') && f.content);
    if (file?.content) return file.content;
  } catch {
    /* not YAML (a shell script): the guide's server is what it runs */
  }
  return null;
}

/**
 * Makes simulated instances serve like real ones: once an instance is ACTIVE with a floating
 * IP, its security group opens 8080 and cloud-init has had its time, the server its
 * user-data installs runs as a real process on `<floating IP>:8080`.
 */
export class InstanceServers {
  private running = new Map<string, ResultPromise>();
  private activeSince = new Map<string, number>();

  constructor(
    private readonly stateDir: string,
    private readonly timeScale: number,
  ) {}

  async sync(): Promise<void> {
    const servers = await listServers(this.stateDir);
    const wanted = new Set<string>();
    for (const s of servers) {
      if (!this.shouldServe(s)) continue;
      wanted.add(s.id);
      if (!this.running.has(s.id)) this.start(s);
    }
    for (const [id, proc] of this.running) {
      if (!wanted.has(id)) {
        proc.kill('SIGTERM');
        this.running.delete(id);
      }
    }
  }

  private shouldServe(s: ServerInfo): boolean {
    if (s.status !== 'ACTIVE' || !s.floatingIp || !s.userData || !/server\.js/.test(s.userData)) {
      this.activeSince.delete(s.id);
      return false;
    }
    if (!this.activeSince.has(s.id)) this.activeSince.set(s.id, Date.now());
    const booted =
      (Date.now() - (this.activeSince.get(s.id) ?? 0)) / 1000 >= CLOUD_INIT_SECONDS * this.timeScale;
    return booted && s.openTcpPorts.includes(8080);
  }

  private start(s: ServerInfo): void {
    const dir = join(this.stateDir, 'instances', s.name);
    mkdirSync(dir, { recursive: true });
    const code = serverFromUserData(s.userData);
    if (code) writeFileSync(join(dir, 'server.js'), code);
    else copyFileSync(GUIDE_SERVER, join(dir, 'server.js'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    const proc = execa(process.execPath, ['--require', PRELOAD, join(dir, 'server.js')], {
      cwd: dir,
      env: {
        LABOPS_SIM_HOSTNAME: s.name,
        LABOPS_SIM_BIND_HOST: s.floatingIp ?? '127.0.0.1',
        LABOPS_SIM_OWNER: String(process.pid),
      },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      stdout: { file: join(dir, 'server.log') },
      stderr: { file: join(dir, 'server.log') },
    });
    trackProcess(this.stateDir, proc.pid);
    proc.then(() => {
      untrackProcess(this.stateDir, proc.pid);
      if (this.running.get(s.id) === proc) this.running.delete(s.id);
    });
    this.running.set(s.id, proc);
  }

  async close(): Promise<void> {
    const procs = [...this.running.values()];
    this.running.clear();
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.catch(() => undefined)));
  }
}
