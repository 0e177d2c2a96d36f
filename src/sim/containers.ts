import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { listServers, type RunningContainer, runningContainers } from './cloud/index.js';
import { trackProcess, untrackProcess } from './proc-registry.js';

const PRELOAD = fileURLToPath(new URL('../../assets/sim/host-preload.cjs', import.meta.url));

/**
 * Makes `docker run -d -p H:C IMAGE` serve like a real container: for every running
 * container whose image has a server.js, that server runs as a real process with the
 * container's short id as hostname, its published container ports listening on their host
 * ports at the daemon's address (the web server's floating IP for `DOCKER_HOST=ssh://ubuntu@<fip>`,
 * else 127.0.0.1). `docker stop` / `docker rm` end it. On the web server, a host port its
 * security groups do not open is unreachable from outside, so it is not served.
 */
export class ContainerServers {
  private running = new Map<string, ResultPromise>();

  constructor(private readonly stateDir: string) {}

  async sync(): Promise<void> {
    const wanted = new Set<string>();
    const servers = await listServers(this.stateDir);
    for (const c of runningContainers(this.stateDir)) {
      if (!c.contextDir) continue;
      const server = servers.find((s) => s.floatingIp === c.address);
      const ports = server ? c.ports.filter((p) => server.openTcpPorts.includes(p.host)) : c.ports;
      if (server && server.status !== 'ACTIVE') continue;
      if (c.ports.length && !ports.length) continue;
      wanted.add(c.id);
      if (!this.running.has(c.id)) this.start(c, c.contextDir, ports);
    }
    for (const [id, proc] of this.running) {
      if (!wanted.has(id)) {
        proc.kill('SIGKILL');
        this.running.delete(id);
      }
    }
  }

  private start(c: RunningContainer, contextDir: string, ports: RunningContainer['ports']): void {
    const dir = join(this.stateDir, 'containers', c.id.slice(0, 12));
    mkdirSync(dir, { recursive: true });
    // The image's files as its container sees them (the guide's server.js is CommonJS).
    copyFileSync(join(contextDir, 'server.js'), join(dir, 'server.js'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    const proc = execa(process.execPath, ['--require', PRELOAD, join(dir, 'server.js')], {
      cwd: dir,
      env: {
        LABOPS_SIM_HOSTNAME: c.id.slice(0, 12),
        LABOPS_SIM_BIND_HOST: c.address,
        LABOPS_SIM_PORT_MAP: ports.map((p) => `${p.container}:${p.host}`).join(','),
        LABOPS_SIM_OWNER: String(process.pid),
      },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
      stdout: { file: join(dir, 'container.log') },
      stderr: { file: join(dir, 'container.log') },
    });
    trackProcess(this.stateDir, proc.pid);
    proc.then(() => {
      untrackProcess(this.stateDir, proc.pid);
      if (this.running.get(c.id) === proc) this.running.delete(c.id);
    });
    this.running.set(c.id, proc);
  }

  async close(): Promise<void> {
    const procs = [...this.running.values()];
    this.running.clear();
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.catch(() => undefined)));
  }
}
