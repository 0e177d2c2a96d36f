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

/**
 * Docker Hub's pull rate limit as the kubelet reports it (containerd: `429 Too Many Requests -
 * Server message: toomanyrequests: You have reached your pull rate limit. You may increase the
 * limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit`; Docker's
 * docs, docker-hub/download-rate-limit.md: "toomanyrequests: Too Many Requests.").
 */
const RATE_LIMITED = /toomanyrequests|429 Too Many Requests/i;

/** Pure: the pull was refused by Docker Hub's rate limit (per IP for anonymous pulls), not for a missing image. */
export function isRateLimited(p: Pick<PodProblem, 'message'>): boolean {
  return RATE_LIMITED.test(p.message ?? '');
}

/** One line per problem, with the usual fix. */
export function describePodProblem(p: PodProblem): string {
  const hint = isRateLimited(p)
    ? "Docker Hub's pull rate limit was reached (429 toomanyrequests): the image is there, but anonymous pulls are " +
      'counted per IP address, and a class behind one NAT shares that count. Pull as the team: ' +
      '`kubectl create secret docker-registry dockerhub --docker-username=<user> --docker-password=<access token>`, ' +
      'set LABOPS_IMAGE_PULL_SECRET=dockerhub on the runner and deploy again, or wait for the limit to reset'
    : /Pull|Image/.test(p.reason)
      ? `check that ${p.image ?? 'the image'} exists on Docker Hub (pushed as <user>/<image>:<tag>) and is public`
      : 'the container keeps exiting: check `kubectl logs` of the pod';
  return `${p.pod}/${p.container}: ${p.reason}${p.message ? ` (${p.message})` : ''}; ${hint}`;
}
