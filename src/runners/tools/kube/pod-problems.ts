import type { V1Pod } from '@kubernetes/client-node';

/** Waiting reasons that do not fix themselves: a wrong image name/tag, a private image, a crashing app. */
const stuck = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
]);

export interface PodProblem {
  pod: string;
  container: string;
  image?: string;
  reason: string;
  message?: string;
  restarts: number;
}

/** The containers of `pods` stuck in an image-pull or crash loop, with kubelet's message. */
export function podImagePullProblems(pods: readonly V1Pod[]): PodProblem[] {
  const out: PodProblem[] = [];
  for (const p of pods) {
    const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
    for (const c of statuses) {
      const w = c.state?.waiting;
      if (w?.reason && stuck.has(w.reason)) {
        out.push({
          pod: p.metadata?.name ?? '',
          container: c.name,
          image: c.image,
          reason: w.reason,
          message: w.message,
          restarts: c.restartCount ?? 0,
        });
      }
    }
  }
  return out;
}

/** One line per problem, with the usual fix. */
export function describePodProblem(p: PodProblem): string {
  const hint = /Pull|Image/.test(p.reason)
    ? `check that ${p.image ?? 'the image'} exists on Docker Hub (pushed as <user>/<image>:<tag>) and is public`
    : 'the container keeps exiting: check `kubectl logs` of the pod';
  return `${p.pod}/${p.container}: ${p.reason}${p.message ? ` (${p.message})` : ''}; ${hint}`;
}
