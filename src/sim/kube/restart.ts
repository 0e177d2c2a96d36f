/** Bringing a reloaded state back to life: pods whose processes died with the old server restart. */
import { setContainerState } from './pod-status.js';
import { findResource, type ResourceDef } from './resources.js';
import type { Store } from './store.js';
import type { Pod } from './types.js';

const POD_DEF = findResource('', 'v1', 'pods') as ResourceDef;

/**
 * After a reload no pod process runs any more: terminating pods are gone, and the others are
 * shown as not ready until their processes are up again.
 */
export function resetPodsAfterReload(store: Store): void {
  for (const pod of store.list(POD_DEF) as Pod[]) {
    if (pod.metadata.deletionTimestamp) {
      store.remove(POD_DEF, pod.metadata.namespace, pod.metadata.name);
      continue;
    }
    if (!pod.status?.containerStatuses?.length) continue;
    setContainerState(pod, { waiting: { reason: 'ContainerCreating' } }, false);
    store.update(POD_DEF, pod);
  }
}
