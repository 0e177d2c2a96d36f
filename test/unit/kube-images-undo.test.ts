import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { hubUser } from '../../src/runners/recipes/image/hub-user.js';
import { rolloutFailure } from '../../src/runners/recipes/rollout/watch.js';
import { deploymentManifest } from '../../src/runners/tools/kube/manifests.js';
import { describePodProblem, type PodProblem } from '../../src/runners/tools/kube/pod-problems.js';
import { annotationsForUndo, undoRefusal } from '../../src/runners/tools/kube/undo.js';
import { readConfig } from '../../src/shared/config.js';

// The kubelet's message for a pull refused by Docker Hub's rate limit (containerd's wording
// around Docker Hub's `toomanyrequests` answer, docs: docker-hub/download-rate-limit.md).
const RATE_LIMITED =
  'failed to pull and unpack image "docker.io/team1/hello-node:v2": failed to copy: httpReadSeeker: failed open: ' +
  'unexpected status code https://registry-1.docker.io/v2/team1/hello-node/manifests/sha256:5501a4fe605abe24de87c2f3d6cf9fd760354416a0cad0296cf284fddcdca9e2: ' +
  '429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. ' +
  'You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit';

const problem = (message: string): PodProblem => ({
  pod: 'hello-node-5d8f-abcde',
  container: 'hello-node',
  image: 'team1/hello-node:v2',
  reason: 'ErrImagePull',
  message,
  restarts: 0,
});

describe('images', () => {
  it('a Docker Hub 429 is reported as the rate limit, with the pull secret, not as a missing image', () => {
    const line = describePodProblem(problem(RATE_LIMITED));
    expect(line).toContain("Docker Hub's pull rate limit was reached");
    expect(line).toContain('LABOPS_IMAGE_PULL_SECRET');
    expect(line).not.toContain('exists on Docker Hub');
    expect(
      rolloutFailure({ state: 'progressing', message: '' }, [problem(RATE_LIMITED)], 60_000)?.reason,
    ).toBe('rate-limit');
    const missing = describePodProblem(
      problem('failed to resolve reference "docker.io/team1/hello-node:v9": not found'),
    );
    expect(missing).toContain('exists on Docker Hub');
  });

  it('hello-node is pulled again on every start (Always) and with the pull secret when one is set', () => {
    const plain = deploymentManifest('hello-node', 'team1/hello-node:v1', 8080);
    expect(plain.spec?.template.spec?.containers[0]?.imagePullPolicy).toBe('Always');
    expect(plain.spec?.template.spec?.imagePullSecrets).toBeUndefined();
    const withSecret = deploymentManifest('hello-node', 'team1/hello-node:v1', 8080, 1, {
      secret: 'dockerhub',
    });
    expect(withSecret.spec?.template.spec?.imagePullSecrets).toEqual([{ name: 'dockerhub' }]);
  });

  it('without LABOPS_DOCKERHUB_USER there is no default user: images are refused, naming the setting', () => {
    const config = readConfig({ LABOPS_TEAM: 'team1' });
    expect(config.LABOPS_DOCKERHUB_USER).toBeUndefined();
    expect(() => hubUser({ config })).toThrow(
      /LABOPS_DOCKERHUB_USER is not set.*Set LABOPS_DOCKERHUB_USER=/s,
    );
    expect(hubUser({ config: readConfig({ LABOPS_TEAM: 'team1', LABOPS_DOCKERHUB_USER: 'team1' }) })).toBe(
      'team1',
    );
    expect(() => readConfig({ LABOPS_IMAGE_PULL_SECRET: 'Not A Name' })).toThrow(/Secret name/);
  });
});

describe('rollout undo as kubectl does it (kubectl pkg/polymorphichelpers/rollback.go)', () => {
  const deployment = (annotations: Record<string, string>, paused = false): V1Deployment => ({
    metadata: { name: 'hello-node', annotations },
    spec: { paused, selector: {}, template: {} },
  });
  const rs: V1ReplicaSet = {
    metadata: {
      annotations: {
        'deployment.kubernetes.io/revision': '1',
        'deployment.kubernetes.io/desired-replicas': '3',
        'deployment.kubernetes.io/max-replicas': '4',
        'kubernetes.io/change-cause': 'deploy v1',
        'team.example/owner': 'ana',
      },
    },
  };

  it('restores the annotations of the revision, keeping the ones kubectl skips', () => {
    const d = deployment({
      'deployment.kubernetes.io/revision': '2',
      'kubernetes.io/change-cause': 'rollout v2',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'only.on/v2': 'x',
    });
    expect(annotationsForUndo(d, rs)).toEqual({
      'deployment.kubernetes.io/revision': '2',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'kubernetes.io/change-cause': 'deploy v1',
      'team.example/owner': 'ana',
    });
  });

  it('a paused deployment is refused with kubectl’s words and the resume command', () => {
    expect(undoRefusal(deployment({}))).toBeUndefined();
    const why = undoRefusal(deployment({}, true));
    expect(why).toContain(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume'",
    );
    expect(why).toContain('kubectl rollout resume deployment/hello-node');
  });
});
