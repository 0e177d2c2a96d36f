import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../state/store.js';
import type { LocalImage } from '../state/types.js';

/**
 * The local image store of the simulated Docker engine: `<stateDir>/docker/images.json`
 * (one entry per repository:tag) and build contexts under `<stateDir>/docker/contexts/<id>/`.
 * Callers hold the state lock while writing.
 */

export function dockerDir(stateDir: string): string {
  return join(stateDir, 'docker');
}

export function readImages(stateDir: string): LocalImage[] {
  try {
    return JSON.parse(readFileSync(join(dockerDir(stateDir), 'images.json'), 'utf8')) as LocalImage[];
  } catch {
    return [];
  }
}

export function writeImages(stateDir: string, images: LocalImage[]): void {
  mkdirSync(dockerDir(stateDir), { recursive: true });
  writeAtomic(join(dockerDir(stateDir), 'images.json'), `${JSON.stringify(images, null, 1)}\n`);
}

/** Normalises `name[:tag]` (with optional docker.io/ and library/ prefixes) to repo and tag. */
export function splitRef(ref: string): { repo: string; tag: string } {
  const noHost = ref
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
  const at = noHost.lastIndexOf(':');
  if (at > noHost.lastIndexOf('/') && at > 0) return { repo: noHost.slice(0, at), tag: noHost.slice(at + 1) };
  return { repo: noHost, tag: 'latest' };
}

export function findImage(images: LocalImage[], ref: string): LocalImage | undefined {
  const { repo, tag } = splitRef(ref);
  return (
    images.find((i) => i.repo === repo && i.tag === tag) ??
    images.find((i) => i.id.startsWith(ref) && ref.length >= 4)
  );
}

/** Adds or moves a repository:tag to an image (the old holder of the tag becomes dangling). */
export function tagImage(images: LocalImage[], source: LocalImage, ref: string): LocalImage[] {
  const { repo, tag } = splitRef(ref);
  const kept = images.filter((i) => !(i.repo === repo && i.tag === tag));
  kept.push({ ...source, repo, tag });
  return kept;
}

/** Docker's relative time: `5 seconds ago`, `About a minute ago`, `3 hours ago`. */
export function ago(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second ago';
  if (s === 1) return '1 second ago';
  if (s < 60) return `${s} seconds ago`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute ago';
  if (m < 60) return `${m} minutes ago`;
  const h = Math.floor(m / 60);
  if (h === 1) return 'About an hour ago';
  if (h < 48) return `${h} hours ago`;
  return `${Math.floor(h / 24)} days ago`;
}
