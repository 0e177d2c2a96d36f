/**
 * The kubelet of the simulated node: runs each pod as a real process, reports its status
 * (ContainerCreating → Running/Ready, ErrImagePull → ImagePullBackOff, CrashLoopBackOff with
 * restarts and back-off), and stops processes of deleted pods.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { trackProcess, untrackProcess } from '../proc-registry.js';
import { prepareRootfs, readImageSpec } from './image.js';
import { pullImage } from './image-pull.js';
import { type NodeImage, NodeImages } from './node-images.js';
import { freePort, portAnswers, spawnContainer } from './pod-process.js';
import { imageId, initialPodStatus, newContainerId, setContainerState } from './pod-status.js';
import { findResource, type ResourceDef } from './resources.js';
import { now, type Store } from './store.js';
import type { Pod } from './types.js';

const POD_DEF = findResource('', 'v1', 'pods') as ResourceDef;

/** Annotation recording which loopback port serves each container port of a pod. */
export const PORTS_ANNOTATION = 'sim.labops.dev/ports';

export interface PodRuntimeOptions {
  store: Store;
  /** `<stateDir>/kube`. */
  dir: string;
  timeScale: number;
  resolveImage: (image: string) => Promise<{ contextDir: string } | null>;
  preloadPath: string;
  hostIP: string;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

interface PodProc {
  uid: string;
  ns: string;
  name: string;
  child?: ResultPromise;
  ports: Map<number, number>;
  ready: boolean;
  stopping: boolean;
  wake: Set<() => void>;
  done: Promise<void>;
}

/** Runs and stops pod processes to match the pods in the store. */
export class PodRuntime {
  private readonly procs = new Map<string, PodProc>();
  /** Pods whose container finished for good (restartPolicy Never/OnFailure). */
  private readonly finished = new Set<string>();
  private readonly images: NodeImages;
  constructor(private readonly o: PodRuntimeOptions) {
    this.images = new NodeImages(join(o.dir, 'images'));
  }

  private scaled(ms: number): number {
    return Math.max(20, ms * this.o.timeScale);
  }

  /** Log file of a pod (what `kubectl logs` reads). */
  logPath(ns: string, name: string): string {
    return join(this.o.dir, 'pods', `${ns}_${name}`, 'container.log');
  }

  /** Loopback port serving `containerPort` of a Ready, non-terminating pod. */
  endpoint(uid: string, containerPort: number): number | undefined {
    const p = this.procs.get(uid);
    return p?.ready && !p.stopping ? p.ports.get(containerPort) : undefined;
  }

  /** Starts processes for new pods and stops those of deleted or terminating pods. */
  sync(): void {
    const pods = this.o.store.list(POD_DEF) as Pod[];
    const live = new Set<string>();
    for (const pod of pods) {
      const uid = pod.metadata.uid;
      live.add(uid);
      const proc = this.procs.get(uid);
      if (pod.metadata.deletionTimestamp) {
        if (proc) void this.stop(proc).then(() => this.removePod(pod));
        else this.removePod(pod);
      } else if (!proc && !this.finished.has(uid)) this.start(pod);
    }
    for (const proc of this.procs.values()) if (!live.has(proc.uid)) void this.stop(proc);
  }

  /** Stops every process (used when the server closes). */
  async close(): Promise<void> {
    await Promise.all([...this.procs.values()].map((p) => this.stop(p)));
  }

  private removePod(pod: Pod): void {
    const cur = this.o.store.get(POD_DEF, pod.metadata.namespace, pod.metadata.name);
    if (cur && cur.metadata.uid === pod.metadata.uid)
      this.o.store.remove(POD_DEF, pod.metadata.namespace, pod.metadata.name);
  }

  private stop(proc: PodProc): Promise<void> {
    if (!proc.stopping) {
      proc.stopping = true;
      proc.ready = false;
      for (const w of proc.wake) w();
      proc.child?.kill('SIGTERM');
    }
    return proc.done;
  }

  private sleep(proc: PodProc, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        proc.wake.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      proc.wake.add(done);
    });
  }

  /** Applies `fn` to the stored pod if it is still the same pod; writes only on change. */
  private update(proc: PodProc, fn: (pod: Pod) => void): void {
    const pod = this.o.store.get(POD_DEF, proc.ns, proc.name) as Pod | undefined;
    if (!pod || pod.metadata.uid !== proc.uid || proc.stopping) return;
    const before = JSON.stringify(pod);
    fn(pod);
    if (JSON.stringify(pod) !== before) this.o.store.update(POD_DEF, pod);
  }

  private start(pod: Pod): void {
    const proc: PodProc = {
      uid: pod.metadata.uid,
      ns: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      ports: new Map(),
      ready: false,
      stopping: false,
      wake: new Set(),
      done: Promise.resolve(),
    };
    this.procs.set(proc.uid, proc);
    proc.done = this.run(proc, pod)
      .catch((err: unknown) => this.o.log('pod runtime error', { pod: proc.name, err: String(err) }))
      .finally(() => {
        this.procs.delete(proc.uid);
        if (!proc.stopping) this.finished.add(proc.uid);
      });
  }

  private podIP(): string {
    const n = this.o.store.next('podIP', 2);
    return `10.1.${Math.floor(n / 250)}.${(n % 250) + 2}`;
  }

  /** The image as the kubelet gets it: the node's copy unless the policy is Always, else a pull. */
  private async image(proc: PodProc, image: string, policy: string): Promise<NodeImage | null> {
    const waiting = (reason: string, message: string) =>
      this.update(proc, (p) => setContainerState(p, { waiting: { reason, message } }, false));
    const local = policy === 'Always' ? null : this.images.present(image);
    if (local) return local;
    if (policy === 'Never') {
      waiting('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
      return null;
    }
    const pulled = await pullImage(image, {
      resolve: this.o.resolveImage,
      stopped: () => proc.stopping,
      sleep: (ms) => this.sleep(proc, this.scaled(ms)),
      waiting,
    });
    return pulled && !proc.stopping ? this.images.store(image, pulled.contextDir) : null;
  }

  private async run(proc: PodProc, pod: Pod): Promise<void> {
    const container = pod.spec.containers[0];
    if (!container) return;
    const restartPolicy = String(pod.spec.restartPolicy ?? 'Always');
    this.update(proc, (p) => {
      p.spec.nodeName ??= pod.spec.nodeName;
      if (!p.status?.podIP) initialPodStatus(p, this.podIP(), this.o.hostIP);
    });
    const image = container.image;
    const resolved = await this.image(proc, image, String(container.imagePullPolicy ?? 'IfNotPresent'));
    if (!resolved || proc.stopping) return;
    const contextDir = resolved.contextDir;
    const rootDir = join(this.o.dir, 'pods', `${proc.ns}_${proc.name}`, 'rootfs');
    rmSync(rootDir, { recursive: true, force: true });
    mkdirSync(rootDir, { recursive: true });
    let restarts = 0;
    while (!proc.stopping) {
      let spec: ReturnType<typeof readImageSpec>;
      try {
        prepareRootfs(contextDir, rootDir);
        spec = readImageSpec(rootDir);
      } catch (err) {
        this.update(proc, (p) =>
          setContainerState(
            p,
            { waiting: { reason: 'RunContainerError', message: String((err as Error).message) } },
            false,
          ),
        );
        await this.sleep(proc, this.scaled(10_000));
        continue;
      }
      const containerPorts = new Set<number>([
        ...(container.ports ?? []).map((p) => p.containerPort),
        ...spec.exposed,
      ]);
      if (containerPorts.size === 0) containerPorts.add(8080);
      proc.ports = new Map();
      for (const cp of containerPorts) proc.ports.set(cp, await freePort());
      const startedAt = now();
      const env = Object.fromEntries(
        (container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, String(e.value)]),
      );
      const child = spawnContainer({
        podName: proc.name,
        rootDir,
        nodeArgs: spec.nodeArgs,
        ports: proc.ports,
        env,
        logPath: this.logPath(proc.ns, proc.name),
        preloadPath: this.o.preloadPath,
        graceMs: Math.max(200, this.scaled(2000)),
      });
      proc.child = child;
      trackProcess(this.o.dir, child.pid);
      let exited = false;
      const result = child.then((r) => {
        exited = true;
        untrackProcess(this.o.dir, child.pid);
        return r;
      });
      const containerID = newContainerId();
      this.update(proc, (p) => {
        p.status = { ...(p.status ?? { phase: 'Pending' }), phase: 'Running' };
        p.metadata.annotations = {
          ...p.metadata.annotations,
          [PORTS_ANNOTATION]: JSON.stringify(Object.fromEntries(proc.ports)),
        };
        setContainerState(p, { running: { startedAt } }, false);
        const cs = p.status.containerStatuses?.[0];
        if (cs)
          Object.assign(cs, { imageID: imageId(image, contextDir), containerID, restartCount: restarts });
      });
      const firstPort = [...proc.ports.values()][0] ?? 0;
      while (!exited && !proc.stopping && !(await portAnswers(firstPort))) await this.sleep(proc, 50);
      if (!exited && !proc.stopping) {
        proc.ready = true;
        this.update(proc, (p) => setContainerState(p, { running: { startedAt } }, true));
      }
      const r = await result;
      proc.ready = false;
      proc.child = undefined;
      if (proc.stopping) return;
      const exitCode = typeof r.exitCode === 'number' ? r.exitCode : 137;
      const terminated = {
        exitCode,
        reason: exitCode === 0 ? 'Completed' : 'Error',
        startedAt,
        finishedAt: now(),
        containerID,
      };
      this.o.log('pod container exited', { pod: proc.name, exitCode });
      if (restartPolicy === 'Never' || (restartPolicy === 'OnFailure' && exitCode === 0)) {
        this.update(proc, (p) => {
          setContainerState(p, { terminated }, false);
          if (p.status) p.status.phase = exitCode === 0 ? 'Succeeded' : 'Failed';
        });
        return;
      }
      const backoff = Math.min(300_000, 10_000 * 2 ** restarts);
      restarts += 1;
      this.update(proc, (p) => {
        setContainerState(
          p,
          {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${backoff / 1000}s restarting failed container=${container.name} pod=${proc.name}_${proc.ns}(${proc.uid})`,
            },
          },
          false,
        );
        const cs = p.status?.containerStatuses?.[0];
        if (cs) Object.assign(cs, { lastState: { terminated }, restartCount: restarts });
      });
      await this.sleep(proc, this.scaled(backoff));
    }
  }
}
