import { afterEach, describe, expect, it } from 'vitest';
import { createDocker } from '../../src/runners/tools/docker/client.js';
import { type Rule, standIns } from '../support/tools/harness.js';

let env: ReturnType<typeof standIns> | undefined;
afterEach(() => env?.cleanup());

const dockerWith = (rules: Rule[], o: { dryRun?: boolean } = {}) => {
  env = standIns({ docker: rules }, o);
  return createDocker({
    exec: env.exec,
    dockerHost: 'ssh://ubuntu@172.16.7.20',
    user: 'student1',
    configDir: env.home,
  });
};

describe('docker adapter on the real exec and a stand-in docker', () => {
  it('BuildKit build (progress on stderr) on the web-server through DOCKER_HOST', async () => {
    const d = dockerWith([
      {
        match: ['build'],
        fixture: 'docker-build-buildkit-plain-node18-alpine.txt',
        section: '$ docker build',
        stream: 'stderr',
      },
    ]);
    const r = await d.build('furniture-hub', './hello-node/');
    expect(r).toMatchObject({
      kind: 'done',
      value: { ok: true, builder: 'buildkit', tags: ['docker.io/library/furniture-hub'] },
    });
    expect(env!.calls()[0]).toMatchObject({
      argv: ['build', '-t', 'furniture-hub', './hello-node/'],
      env: { DOCKER_HOST: 'ssh://ubuntu@172.16.7.20' },
    });
  });

  it('legacy build and push with digest', async () => {
    const d = dockerWith([
      { match: ['build'], fixture: 'docker-build-classic-node.txt' },
      { match: ['push'], fixture: 'docker-push-node-mounted-layers.txt' },
    ]);
    expect(await d.build('vaeu/nodetest:latest', '.')).toMatchObject({
      value: { ok: true, tags: ['vaeu/nodetest:latest'] },
    });
    expect(await d.push('vaeu/nodetest:latest')).toMatchObject({
      value: { ok: true, digest: expect.stringMatching(/^sha256:ee09/), size: 1786 },
    });
  });

  it('a denied push is a UserError hinting docker login and the namespace', async () => {
    const d = dockerWith([
      {
        match: ['push'],
        fixture: 'docker-push-denied-errors.txt',
        section: '$ docker push internal/navimage',
        stream: 'stderr',
        exit: 1,
      },
    ]);
    await expect(d.push('hello-node:v1')).rejects.toMatchObject({
      code: 'DOCKER_ACCESS_DENIED',
      message: expect.stringContaining('student1/hello-node:v1'),
    });
  });

  it('loginStatus falls back to config.json when docker info shows no Username', async () => {
    const d = dockerWith([{ match: ['info'], text: '' }]);
    expect(await d.loginStatus()).toEqual({ loggedIn: false, source: 'none' });
  });

  it('dry-run records build, tag, push and run without running them', async () => {
    const d = dockerWith([], { dryRun: true });
    expect(await d.build('hello-node:v1', './hello-node/')).toMatchObject({ kind: 'dry-run' });
    expect(await d.tag('hello-node:v1', d.hubRef('hello-node', 'v1'))).toEqual({
      kind: 'dry-run',
      argv: ['docker', 'tag', 'hello-node:v1', 'student1/hello-node:v1'],
    });
    expect(await d.push('student1/hello-node:v1')).toMatchObject({ kind: 'dry-run' });
    expect(await d.run('student1/hello-node:v1', { publish: ['8080:8080'] })).toMatchObject({
      kind: 'dry-run',
      argv: ['docker', 'container', 'run', '-d', '-p', '8080:8080', 'student1/hello-node:v1'],
    });
    expect(env!.calls()).toEqual([]);
  });
});
