import type { CheckpointManifest } from '../types.js';
import { checkpoint1 } from './cp1-webserver.js';
import { checkpoint2 } from './cp2-docker.js';
import { checkpoint3 } from './cp3-kubernetes.js';
import { checkpoint4 } from './cp4-exposed.js';
import { checkpoint5 } from './cp5-modified.js';
import { checkpoint6 } from './cp6-load-balancer.js';

/** The guide's six checkpoints, in order. */
export const manifests: readonly CheckpointManifest[] = [
  checkpoint1,
  checkpoint2,
  checkpoint3,
  checkpoint4,
  checkpoint5,
  checkpoint6,
];

/** The manifest of checkpoint `n` (1..6). */
export function manifestOf(n: number): CheckpointManifest {
  const m = manifests.find((x) => x.n === n);
  if (!m) throw new RangeError(`there is no checkpoint ${n} (1 to ${manifests.length})`);
  return m;
}
