/**
 * The node's image store, as containerd keeps it: contents by digest, and a tag → digest
 * table. A pull records what the registry has now; a pod runs the content its pull (or the
 * node's earlier pull) gave it, so pushing a tag again changes nothing on a node that has it
 * until it pulls again (kubelet `pkg/kubelet/images/image_manager.go`: with IfNotPresent an
 * image present on the node is not pulled; with Always it is; with Never it must be present).
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { normalizeImage } from './pod-status.js';

/** The node's copy of an image: its content folder and content digest. */
export interface NodeImage {
  contextDir: string;
  digest: string;
}

/** Pure: a digest of a folder's files (names and bytes), stable for the same content. */
export function contentDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile())
        hash
          .update(`${relative(dir, p)}\0`)
          .update(readFileSync(p))
          .update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Images the simulated node has pulled, kept under `dir` across restarts. */
export class NodeImages {
  constructor(private readonly dir: string) {}

  private tagFile(ref: string): string {
    const key = createHash('sha256').update(normalizeImage(ref)).digest('hex').slice(0, 32);
    return join(this.dir, 'tags', key);
  }

  /** The node's copy of `ref`, when it has pulled that tag before. */
  present(ref: string): NodeImage | null {
    const file = this.tagFile(ref);
    if (!existsSync(file)) return null;
    const digest = readFileSync(file, 'utf8').trim();
    const contextDir = join(this.dir, 'content', digest);
    return existsSync(contextDir) ? { contextDir, digest } : null;
  }

  /** Records a pull of `ref` that fetched `fetchedDir`; returns the node's (immutable) copy. */
  store(ref: string, fetchedDir: string): NodeImage {
    const digest = contentDigest(fetchedDir);
    const contextDir = join(this.dir, 'content', digest);
    if (!existsSync(contextDir)) {
      const tmp = `${contextDir}.tmp-${randomBytes(4).toString('hex')}`;
      cpSync(fetchedDir, tmp, { recursive: true });
      if (existsSync(contextDir)) rmSync(tmp, { recursive: true, force: true });
      else renameSync(tmp, contextDir);
    }
    const file = this.tagFile(ref);
    mkdirSync(join(this.dir, 'tags'), { recursive: true });
    writeFileSync(file, `${digest}\n`);
    return { contextDir, digest };
  }
}
