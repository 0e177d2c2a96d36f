import { describe, expect, it } from 'vitest';
import { isDeferral } from '../../src/runners/recipes/deploy-octavia/deferral.js';
import { parseActionOutput } from '../../src/runners/tools/juju/action-parse.js';
import {
  addCloudArgv,
  addCredentialArgv,
  bootstrapArgv,
  deployArgv,
  modelConstraintsArgv,
  runActionArgv,
  updateCloudArgv,
  updateCredentialArgv,
} from '../../src/runners/tools/juju/argv.js';
import {
  classifyJujuError,
  cloudExistsLocally,
  credentialExistsLocally,
} from '../../src/runners/tools/juju/errors.js';
import { parseJujuVersion } from '../../src/runners/tools/juju/version.js';
import { UserError } from '../../src/shared/errors.js';
import { section } from '../support/tools/fixtures.js';

/** The argv the runner builds per Juju version, against the real clients' texts (juju-client-texts.txt). */
const v3 = parseJujuVersion('3.6.4-genericlinux-amd64');
const v2 = parseJujuVersion('2.9.31-ubuntu-amd64');
const texts = 'juju-client-texts.txt';

describe('cloud and credential on the client', () => {
  it('3.x add-credential has no --replace (removed from cmd/juju/cloud/addcredential.go); 2.9 keeps it', () => {
    expect(addCredentialArgv(v3, 'lab', '/f.yaml')).toEqual([
      'juju',
      'add-credential',
      '--client',
      'lab',
      '-f',
      '/f.yaml',
    ]);
    expect(addCredentialArgv(v2, 'lab', '/f.yaml')).toContain('--replace');
  });
  it('an existing credential or cloud is recognised in the real texts, and updated with the real flags', () => {
    expect(
      credentialExistsLocally.test(section(texts, '=== add-credential 3.x stderr, credential exists')),
    ).toBe(true);
    expect(cloudExistsLocally.test(section(texts, '=== add-cloud --client stderr, cloud exists'))).toBe(true);
    expect(updateCredentialArgv('lab', '/f.yaml')).toEqual([
      'juju',
      'update-credential',
      '--client',
      'lab',
      '-f',
      '/f.yaml',
    ]);
    // update-cloud has `-f` only (cmd/juju/cloud/updatecloud.go).
    expect(updateCloudArgv('lab', '/c.yaml')).toEqual([
      'juju',
      'update-cloud',
      '--client',
      'lab',
      '-f',
      '/c.yaml',
    ]);
    expect(addCloudArgv('lab', '/c.yaml')).toEqual(['juju', 'add-cloud', '--client', 'lab', '-f', '/c.yaml']);
  });
});

describe('bootstrap', () => {
  const o = {
    cloud: 'lab',
    region: 'RegionOne',
    controller: 'lab-regionone',
    network: 'int',
    externalNetwork: 'ext',
  };
  it('network keys are model defaults (every model gets them), on both versions', () => {
    for (const v of [v3, v2]) {
      const argv = bootstrapArgv(v, o);
      expect(argv.slice(0, 4)).toEqual(['juju', 'bootstrap', 'lab/RegionOne', 'lab-regionone']);
      expect(argv.join(' ')).toContain('--model-default network=int --model-default external-network=ext');
      expect(argv).not.toContain('--config');
    }
  });
  it('3.x: no use-floating-ip, the allocate-public-ip constraint instead; 2.9 keeps use-floating-ip', () => {
    expect(bootstrapArgv(v3, o).join(' ')).not.toContain('use-floating-ip');
    expect(bootstrapArgv(v3, o).join(' ')).toContain('--bootstrap-constraints allocate-public-ip=true');
    expect(modelConstraintsArgv(v3, 'lab-regionone:k8s')).toEqual([
      'juju',
      'set-model-constraints',
      '-m',
      'lab-regionone:k8s',
      'allocate-public-ip=true',
    ]);
    expect(bootstrapArgv(v2, o).join(' ')).toContain('--model-default use-floating-ip=true');
    expect(bootstrapArgv(v2, o).join(' ')).not.toContain('constraints');
    expect(modelConstraintsArgv(v2, 'lab-regionone:k8s')).toBeUndefined();
  });
});

describe('deploy base per version', () => {
  it('one input gives 3.x --base ubuntu@22.04 and 2.9 --series jammy', () => {
    for (const base of ['ubuntu@22.04', '22.04', 'jammy']) {
      expect(deployArgv(v3, 'm', 'ubuntu', { base }).slice(-2)).toEqual(['--base', 'ubuntu@22.04']);
      expect(deployArgv(v2, 'm', 'ubuntu', { base }).slice(-2)).toEqual(['--series', 'jammy']);
    }
    expect(() => deployArgv(v3, 'm', 'ubuntu', { base: 'ubuntu@21.10' })).toThrow(/unknown Ubuntu base/);
  });
});

describe('juju run: the wait and the never-scheduled action', () => {
  it('3.x passes its own wait (the default is 60 s, cmd/juju/action/common.go); 2.9 waits bare', () => {
    expect(
      runActionArgv(v3, 'm', 'glance-simplestreams-sync/leader', 'sync-images', {}, 70 * 60_000),
    ).toEqual([
      'juju',
      'run',
      '-m',
      'm',
      '--format=yaml',
      '--wait=4200s',
      'glance-simplestreams-sync/leader',
      'sync-images',
    ]);
    expect(runActionArgv(v2, 'm', 'u/leader', 'a', {}, 60_000)).toContain('--wait');
    expect(runActionArgv(v2, 'm', 'u/leader', 'a', {}, 60_000).join(' ')).not.toContain('--wait=');
  });
  it('the wait running out is understood: the action goes on and is not run again', () => {
    const e = classifyJujuError(section(texts, '=== run 3.x stderr, default wait ran out').split('\n'));
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toContain('goes on running on unit glance-simplestreams-sync/0');
    expect((e as UserError).message).toContain('not started again');
    // The octavia steps' retry pattern (charm deferrals) must not take it for one.
    expect(isDeferral((e as UserError).message)).toBe(false);
  });
  it('exit 0 with no output, or an empty map, is an action that never ran', () => {
    for (const out of ['', 'Running operation 3 with 0 task\n\n', '{}\n'])
      expect(parseActionOutput(out).status).toBe('unscheduled');
    expect(parseActionOutput('Task 2 completed\n').status).toBe('completed');
  });
});

describe('2.9 commands under a 3.x client', () => {
  it('"is not a juju command" with its suggestion is read as 2.9 syntax (cmd/juju/commands/main.go)', () => {
    // notFoundCommandMessage: `juju: %q is not a juju command. %s.\n\nDid you mean:\n\t%s`.
    const text = 'ERROR juju: "run-action" is not a juju command. See "juju --help".\n\nDid you mean:\n\trun';
    expect(classifyJujuError(text.split('\n'))).toMatchObject({ code: 'JUJU_SYNTAX' });
  });
});
