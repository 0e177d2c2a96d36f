import { describe, expect, it } from 'vitest';
import type { RecipeContext } from '../../src/runners/context.js';
import {
  cloudHealthyFact,
  jujuModelFact,
  octaviaFact,
  openstackFact,
} from '../../src/runners/facts/read-cloud.js';
import { kubernetesFact, lbIpFact, replicasFact } from '../../src/runners/facts/read-kube.js';
import { parseJujuStatus } from '../../src/runners/tools/juju/status-parse.js';
import { UserError } from '../../src/shared/errors.js';
import { ExecError } from '../../src/shared/exec.js';
import { readFixture } from '../support/fixtures.js';

// What each fact says about what was read: real captures where there are some (fixtures/real),
// the tools' own error texts otherwise.

const ctx = (config: Record<string, unknown> = {}, env: Record<string, string> = {}) =>
  ({
    config: { LABOPS_JUJU_MODEL: 'maas-controller:openstack', LABOPS_KUBECONFIG: '/k/config', ...config },
    env,
  }) as unknown as RecipeContext;

const execError = (tail: string[]) =>
  new ExecError('openstack failed', {
    argv: ['openstack', 'service', 'list'],
    exitCode: 1,
    end: 'exit',
    tail,
  } as never);

describe('facts read from what the tools answered', () => {
  it('a healthy OpenStack model (a real juju status): cloud healthy, no Octavia', () => {
    const status = parseJujuStatus(readFixture('juju-status-openstack-ussuri-juju3.4.json'));
    expect(cloudHealthyFact({ ok: true, status })).toEqual({
      ok: true,
      detail: `all ${status.counts.units} units active`,
    });
    expect(octaviaFact({ ok: true, status })).toEqual({
      ok: false,
      detail: 'no octavia application in the model',
    });
  });

  it('a sealed Vault is named before any other unit', () => {
    const status = parseJujuStatus(readFixture('juju-status-openstack-ussuri-juju3.4.json'));
    const vault = {
      ...status.units[0]!,
      name: 'vault/0',
      application: 'vault',
      workload: 'blocked',
      message: 'Unit is sealed',
    };
    const sealed = { ...status, units: [...status.units, vault] };
    expect(cloudHealthyFact({ ok: true, status: sealed })).toEqual({
      ok: false,
      detail: 'Vault is sealed (vault/0)',
    });
  });

  it("a missing model quotes juju's own text and names LABOPS_JUJU_MODEL", () => {
    const err = new UserError(
      'JUJU_NOT_FOUND',
      'Juju model `x` not found (`ERROR model maas-controller:admin/openstack not found`).',
    );
    expect(jujuModelFact(ctx(), { ok: false, error: err })).toEqual({
      ok: false,
      detail: 'model maas-controller:admin/openstack not found; LABOPS_JUJU_MODEL=maas-controller:openstack',
    });
  });

  it("Keystone's 401 is quoted; missing settings are named", () => {
    const said = 'The request you have made requires authentication. (HTTP 401) (Request-ID: req-1)';
    const refused = new UserError('OPENSTACK_CREDENTIALS', 'no valid credentials', {
      cause: execError([said]),
    });
    expect(openstackFact(ctx(), { ok: false, error: refused.message, cause: refused }).detail).toBe(
      `Keystone refused them: \`${said}\``,
    );
    const missing = new UserError('OPENSTACK_CREDENTIALS', 'The openstack CLI has no valid credentials', {
      cause: execError(['Missing value auth-url required for auth plugin password']),
    });
    expect(
      openstackFact(ctx({ LABOPS_OPENRC: '/lab/openrc' }), {
        ok: false,
        error: missing.message,
        cause: missing,
      }).detail,
    ).toBe(
      'LABOPS_OPENRC=/lab/openrc; the CLI says `Missing value auth-url required for auth plugin password`',
    );
  });

  it('Kubernetes: no kubeconfig, an unreachable API server, a pending load balancer, replicas short', () => {
    expect(
      kubernetesFact(ctx(), { ok: false, error: 'not deployed yet: no kubeconfig at /k/config' }),
    ).toEqual({
      ok: false,
      detail: 'no kubeconfig at /k/config',
    });
    expect(
      kubernetesFact(ctx(), {
        ok: false,
        error: 'The Kubernetes API is not reachable (ETIMEDOUT). Is the cluster up?',
        server: 'https://10.0.0.5:6443',
      }),
    ).toEqual({
      ok: false,
      variant: 'kubernetes-unreachable',
      detail: 'the API server https://10.0.0.5:6443 named in /k/config is unreachable: no answer in time',
    });
    const k = {
      ok: true as const,
      helloNode: { replicas: 5, ready: 2, image: 'labops/hello-node:v1' },
      service: { type: 'LoadBalancer', external: undefined },
    };
    expect(lbIpFact(k)).toEqual({
      ok: false,
      detail: 'the LoadBalancer service is still pending its external IP',
    });
    expect(replicasFact(k, 'hello-node', 5)).toEqual({
      ok: false,
      detail: 'hello-node: 2 of 5 replicas ready',
    });
  });
});
