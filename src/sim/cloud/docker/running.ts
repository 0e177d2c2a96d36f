import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readState } from '../state/store.js';
import { engineAddress, isRunning } from './engine-host.js';
import { findImage, readImages, splitRef } from './images.js';

/** A running container as the orchestrator serves it. */
export interface RunningContainer {
  /** Full id; the container's hostname is its first 12 hex digits, as Docker sets it. */
  id: string;
  name: string;
  image: string;
  /** The daemon's address, where published ports answer. */
  address: string;
  ports: Array<{ host: number; container: number }>;
  /** The image's build context (holding server.js), or null when the image has none here. */
  contextDir: string | null;
}

/**
 * The running containers of the simulated engine, each with its image's build context: a
 * local image (`<stateDir>/docker/images.json`) first, else one pulled from the simulated
 * Docker Hub (`<stateDir>/registry/<user>/<repo>/<tag>/`).
 */
export function runningContainers(stateDir: string): RunningContainer[] {
  const state = readState(stateDir);
  if (!state) return [];
  const images = readImages(stateDir);
  return state.docker.containers.filter(isRunning).map((c) => ({
    id: c.id,
    name: c.name,
    image: c.image,
    address: engineAddress(c.dockerHost),
    ports: c.ports,
    contextDir: contextOf(stateDir, images, c.image),
  }));
}

function contextOf(stateDir: string, images: ReturnType<typeof readImages>, ref: string): string | null {
  const local = findImage(images, ref);
  if (local && existsSync(join(local.contextDir, 'server.js'))) return local.contextDir;
  const { repo, tag } = splitRef(ref);
  const [user, name] = repo.includes('/') ? repo.split('/') : ['library', repo];
  const pulled = join(stateDir, 'registry', user ?? 'library', name ?? repo, tag);
  return existsSync(join(pulled, 'server.js')) ? pulled : null;
}
