import type { Recipe } from '../recipe.js';
import { chaosDeletePod } from './chaos-delete-pod.js';
import { checkpoint } from './checkpoint.js';
import { deployHelloNode } from './deploy-hello-node.js';
import { deployK8s } from './deploy-k8s.js';
import { deployOctavia } from './deploy-octavia.js';
import { deployWebserver } from './deploy-webserver.js';
import { expose } from './expose.js';
import { imageBuild } from './image-build.js';
import { imagePush } from './image-push.js';
import { imageRun } from './image-run.js';
import { lbProbe } from './lb-probe.js';
import { next } from './next.js';
import { ping } from './ping.js';
import { quota } from './quota.js';
import { rollback } from './rollback.js';
import { rollout } from './rollout.js';
import { scale } from './scale.js';
import { status } from './status.js';

/** Every recipe this runner can run, by job name. */
export const recipes: Partial<Record<string, Recipe<any>>> = {
  [ping.job]: ping,
  [status.job]: status,
  [next.job]: next,
  [deployOctavia.job]: deployOctavia,
  [quota.job]: quota,
  [deployWebserver.job]: deployWebserver,
  [imageBuild.job]: imageBuild,
  [imagePush.job]: imagePush,
  [imageRun.job]: imageRun,
  [deployK8s.job]: deployK8s,
  [deployHelloNode.job]: deployHelloNode,
  [scale.job]: scale,
  [expose.job]: expose,
  [rollout.job]: rollout,
  [rollback.job]: rollback,
  [chaosDeletePod.job]: chaosDeletePod,
  [lbProbe.job]: lbProbe,
  [checkpoint.job]: checkpoint,
};
