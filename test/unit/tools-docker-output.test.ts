import { describe, expect, it } from 'vitest';
import { classifyDockerError } from '../../src/runners/tools/docker/errors.js';
import {
  parseBuildOutput,
  parsePushOutput,
  parseRunOutput,
  sameImageRef,
} from '../../src/runners/tools/docker/output-parse.js';
import { fixture, section } from '../support/tools/fixtures.js';

describe('docker build output', () => {
  it('BuildKit: naming to … done', () => {
    const b = parseBuildOutput(section('docker-build-buildkit-plain-node18-alpine.txt', '$ docker build'));
    expect(b).toMatchObject({ ok: true, builder: 'buildkit', tags: ['docker.io/library/furniture-hub'] });
    expect(b.imageId).toBe('sha256:acccc7f777f066487d0599f997cea463924a7700e05377fe25574022c820dbb9');
    expect(sameImageRef(b.tags[0] ?? '', 'furniture-hub:latest')).toBe(true);
  });
  it('legacy builder: Successfully tagged', () => {
    expect(parseBuildOutput(fixture('docker-build-classic-node.txt'))).toMatchObject({
      ok: true,
      builder: 'legacy',
      tags: ['vaeu/nodetest:latest'],
      imageId: '35152bfe9d01',
    });
    expect(
      parseBuildOutput(section('docker-build-classic-and-push-preparing-waiting.txt', '$ docker build')),
    ).toMatchObject({
      ok: true,
      tags: ['pa0911/exam1234:latest'],
    });
  });
  it('a push log is not a build', () => {
    expect(parseBuildOutput(fixture('docker-push-node-mounted-layers.txt')).ok).toBe(false);
  });
});

describe('docker push output', () => {
  it('digest and size at the end', () => {
    expect(parsePushOutput(fixture('docker-push-node-mounted-layers.txt'))).toMatchObject({
      ok: true,
      tag: 'latest',
      size: 1786,
      repository: 'docker.io/vaeu/nodetest',
      digest: 'sha256:ee0991151bade0c94809983838625a6a4f9e1b96a7f85d3506bf444cfcce6da6',
      layers: { pushed: 3, mounted: 4 },
    });
    expect(
      parsePushOutput(section('docker-build-buildkit-plain-node18-alpine.txt', '$ docker push')),
    ).toMatchObject({ ok: true, layers: { pushed: 3, mounted: 4 } });
    expect(
      parsePushOutput(section('docker-build-classic-and-push-preparing-waiting.txt', '$ docker push')).digest,
    ).toMatch(/^sha256:78e3/);
  });
  it('denied pushes', () => {
    const text = section('docker-push-denied-errors.txt', '$ docker push internal/navimage');
    expect(parsePushOutput(text)).toMatchObject({
      ok: false,
      denied: true,
      repository: 'docker.io/internal/navimage',
    });
    const e = classifyDockerError(text.split('\n'), 'hello-node:v1', 'student1');
    expect(e?.code).toBe('DOCKER_ACCESS_DENIED');
    expect(e?.message).toContain('docker login');
    expect(e?.message).toContain('student1/hello-node:v1');
    expect(
      parsePushOutput(section('docker-push-denied-errors.txt', '$ docker push 10.160.66.86')).denied,
    ).toBe(true);
  });
  it('pull access denied on run', () => {
    const e = classifyDockerError(section('docker-push-denied-errors.txt', '$ docker run').split('\n'));
    expect(e?.message).toContain('cannot pull pikaso');
  });
});

describe('docker run output', () => {
  it('container id after pulling', () => {
    expect(parseRunOutput(fixture('docker-pull-run-from-hub-node.txt'))).toEqual({
      containerId: '8fd545454de854d78f03fc920ebfa9fba85c51df1689fc8ee13ce922e2b62f83',
      pulled: true,
    });
  });
});
