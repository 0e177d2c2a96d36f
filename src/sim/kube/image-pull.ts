/**
 * The image pull of a pod: resolving the image to a build context, and while it does not
 * resolve, the ErrImagePull → ImagePullBackOff cycle with doubling back-off (10 s … 5 min).
 */
import { normalizeImage } from './pod-status.js';

export interface PullHooks {
  resolve: (image: string) => Promise<{ contextDir: string } | null>;
  /** True once the pod is being deleted: stop trying. */
  stopped: () => boolean;
  /** Waits `ms` of simulated time (cut short when the pod stops). */
  sleep: (ms: number) => Promise<void>;
  /** Reports the container as waiting with a reason and message. */
  waiting: (reason: string, message: string) => void;
}

/** Resolves `image`, retrying with back-off; null when the pod stopped first. */
export async function pullImage(image: string, h: PullHooks): Promise<{ contextDir: string } | null> {
  const ref = normalizeImage(image);
  for (let failures = 0; !h.stopped(); failures++) {
    // A short pull time, so ContainerCreating is visible as on a real node.
    await h.sleep(400);
    const resolved = await h.resolve(image).catch(() => null);
    if (resolved || h.stopped()) return h.stopped() ? null : resolved;
    h.waiting(
      'ErrImagePull',
      `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
    );
    await h.sleep(1500);
    if (h.stopped()) break;
    h.waiting('ImagePullBackOff', `Back-off pulling image "${image}"`);
    await h.sleep(Math.min(300_000, 10_000 * 2 ** failures));
  }
  return null;
}
