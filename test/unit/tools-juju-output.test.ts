import { describe, expect, it } from 'vitest';
import { parseActionOutput } from '../../src/runners/tools/juju/action-parse.js';
import { deployArgv, execArgv, integrateArgv, runActionArgv } from '../../src/runners/tools/juju/argv.js';
import { classifyJujuError } from '../../src/runners/tools/juju/errors.js';
import { parseJujuVersion } from '../../src/runners/tools/juju/version.js';
import { UserError } from '../../src/shared/errors.js';
import { section } from '../support/tools/fixtures.js';

const lines = (t: string) => t.split('\n');

describe('juju version', () => {
  it('reads 3.x and 2.9 clients', () => {
    expect(parseJujuVersion('3.6.4-ubuntu-amd64\n')).toMatchObject({ major: 3, minor: 6, patch: 4 });
    expect(parseJujuVersion('2.9.42-ubuntu-amd64')).toMatchObject({ major: 2, minor: 9, patch: 42 });
  });
});

describe('argv per version', () => {
  const v3 = parseJujuVersion('3.6.4-ubuntu-amd64');
  const v2 = parseJujuVersion('2.9.42-ubuntu-amd64');
  const m = 'maas-controller:openstack';
  it('relations, unit commands and actions', () => {
    expect(integrateArgv(v3, m, 'octavia:certificates', 'vault:certificates')).toEqual([
      'juju',
      'integrate',
      '-m',
      m,
      'octavia:certificates',
      'vault:certificates',
    ]);
    expect(integrateArgv(v2, m, 'a', 'b')).toEqual(['juju', 'add-relation', '-m', m, 'a', 'b']);
    expect(execArgv(v3, m, 'kubernetes-worker/0', ['open-port', '30080/tcp'])).toEqual([
      'juju',
      'exec',
      '-m',
      m,
      '--unit',
      'kubernetes-worker/0',
      '--',
      'open-port',
      '30080/tcp',
    ]);
    expect(execArgv(v2, m, 'kubernetes-worker/0', ['open-port', '30080/tcp'])[1]).toBe('run');
    expect(runActionArgv(v3, m, 'vault/leader', 'authorize-charm', { token: 's.x' })).toEqual([
      'juju',
      'run',
      '-m',
      m,
      '--format=yaml',
      'vault/leader',
      'authorize-charm',
      'token=s.x',
    ]);
    expect(runActionArgv(v2, m, 'vault/leader', 'generate-root-ca')).toEqual([
      'juju',
      'run-action',
      '-m',
      m,
      '--wait',
      '--format=yaml',
      'vault/leader',
      'generate-root-ca',
    ]);
  });
  it('deploy with the lab options', () => {
    expect(
      deployArgv(v3, m, 'mysql-router', { name: 'octavia-mysql-router', channel: '8.0/stable' }),
    ).toEqual(['juju', 'deploy', '-m', m, 'mysql-router', 'octavia-mysql-router', '--channel', '8.0/stable']);
    expect(
      deployArgv(v3, m, 'octavia-diskimage-retrofit', {
        channel: '2023.2/stable',
        config: { 'amp-image-tag': 'octavia-amphora', 'retrofit-series': 'jammy' },
      }),
    ).toEqual([
      'juju',
      'deploy',
      '-m',
      m,
      'octavia-diskimage-retrofit',
      '--channel',
      '2023.2/stable',
      '--config',
      'amp-image-tag=octavia-amphora',
      '--config',
      'retrofit-series=jammy',
    ]);
    expect(
      deployArgv(v3, 'k8s', './bundle.yaml', {
        overlay: 'openstack-overlay.yaml',
        trust: true,
        to: 'lxd:0',
        num: 2,
      }),
    ).toEqual([
      'juju',
      'deploy',
      '-m',
      'k8s',
      './bundle.yaml',
      '--to',
      'lxd:0',
      '-n',
      '2',
      '--overlay',
      'openstack-overlay.yaml',
      '--trust',
    ]);
  });
});

describe('juju action output (juju-run-action-outputs-juju3.txt)', () => {
  it('plain results of juju run', () => {
    const r = parseActionOutput(
      section('juju-run-action-outputs-juju3.txt', '$ juju run tmate-ssh-server/0'),
    );
    expect(r.status).toBe('completed');
    expect(String(r.results['tmate-config'])).toContain('set -g tmate-server-port 10022');
  });
  it('--format=yaml results keyed by unit', () => {
    const r = parseActionOutput(section('juju-run-action-outputs-juju3.txt', '$ juju run traefik-k8s/0'));
    expect(r).toMatchObject({ unit: 'traefik-k8s/0', id: '2', status: 'completed', returnCode: 0 });
    expect(JSON.parse(String(r.results['proxied-endpoints']))['traefik-k8s'].url).toBe('http://10.12.97.102');
  });
});

describe('juju errors (juju-errors.txt)', () => {
  const f = 'juju-errors.txt';
  it('2.9 syntax under 3.x', () => {
    const e = classifyJujuError(lines(section(f, '=== juju 3.x')));
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('JUJU_SYNTAX');
    expect((e as UserError).message).toContain('juju exec --unit');
  });
  it('ambiguous relations list the candidates', () => {
    for (const h of ['=== juju add-relation', '=== juju relate']) {
      const e = classifyJujuError(lines(section(f, h))) as UserError;
      expect(e.code).toBe('JUJU_AMBIGUOUS_RELATION');
      expect(e.message).toMatch(/Candidates: `[^`]+:[^`]+`, `/);
    }
  });
  it('a relation that already exists is an outcome, not an error', () => {
    expect(classifyJujuError(lines(section(f, '=== juju integrate')))).toMatchObject({
      kind: 'already-exists',
      what: 'relation',
    });
  });
});
