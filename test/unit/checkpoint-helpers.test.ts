import { describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../../src/evidence/checkpoints/store.js';
import { mergeRecord } from '../../src/evidence/checkpoints/store.js';
import {
  type CheckpointReport,
  formatProgress,
  messageOf,
  publishedPort,
  resilienceVerdict,
  V1_ANSWER,
  withoutHost,
} from '../../src/evidence/index.js';
import type { ProbeDuringReport } from '../../src/evidence/probe/during-types.js';
import { dockerHostAddress } from '../../src/runners/recipes/checkpoint/lab-port.js';
import { addressMap, groupNames, routerView } from '../../src/runners/recipes/checkpoint/os-facts.js';
import { parseRouter } from '../../src/runners/tools/openstack/index.js';
import { readFixture } from '../support/fixtures.js';

// The pure parts of checkpoints: what a criterion reads from a tool's output, and how runs
// are recorded and shown.

describe('publishedPort', () => {
  it('reads the host port of docker container ls', () => {
    expect(publishedPort('0.0.0.0:8081->8080/tcp, :::8081->8080/tcp')).toBe(8081);
    expect(publishedPort('[::]:9000->8080/tcp')).toBe(9000);
    expect(publishedPort('127.0.0.1:8080->8080/tcp')).toBe(8080);
  });
  it('is undefined when nothing is published', () => {
    expect(publishedPort('8080/tcp')).toBeUndefined();
    expect(publishedPort('')).toBeUndefined();
    expect(publishedPort(undefined)).toBeUndefined();
  });
});

describe('withoutHost and messageOf', () => {
  it('blank the host of the guide’s (unquoted) reply, and of a quoted one', () => {
    expect(withoutHost('{ "host": hello-node-5d8f-abcde, "message": "Hello World!"}')).toBe(V1_ANSWER);
    expect(withoutHost('{ "host": "pod-1", "message": "Hello World!"}\n')).toBe(V1_ANSWER);
    expect(withoutHost('no host here')).toBe('no host here');
  });
  it('reads the message', () => {
    expect(messageOf('{ "host": x, "message": "Hello World v2!"}')).toBe('Hello World v2!');
    expect(messageOf('<html>')).toBeUndefined();
  });
});

describe('dockerHostAddress', () => {
  it('is where published ports answer', () => {
    expect(dockerHostAddress(undefined)).toBe('127.0.0.1');
    expect(dockerHostAddress('unix:///var/run/docker.sock')).toBe('127.0.0.1');
    expect(dockerHostAddress('ssh://ubuntu@172.16.7.12')).toBe('172.16.7.12');
    expect(dockerHostAddress('tcp://10.0.0.5:2376')).toBe('10.0.0.5');
    expect(dockerHostAddress('not a url')).toBe('127.0.0.1');
  });
});

const report = (over: Partial<CheckpointReport>): CheckpointReport => ({
  n: 1,
  title: 'web server',
  guideTitle: 'CheckPoint-1 WebServer',
  team: 'a',
  at: '2025-03-01T10:00:00.000Z',
  durationMs: 1000,
  passed: false,
  picturesOk: true,
  items: [{ id: 'topology', title: 't', kind: 'drawing', guide: 'g', ok: true }],
  criteria: [{ id: 'instance-active', title: 'i', pass: false, measured: 'no instance' }],
  ...over,
});

describe('mergeRecord', () => {
  it('keeps the earliest pass and the newest run', () => {
    const failed = mergeRecord(null, report({}), 'j1');
    expect(failed).toMatchObject({ n: 1, passedAt: null, last: { passed: false, jobId: 'j1' } });
    const passed = mergeRecord(failed, report({ at: '2025-03-01T11:00:00.000Z', passed: true }), 'j2');
    expect(passed.passedAt).toBe('2025-03-01T11:00:00.000Z');
    const later = mergeRecord(passed, report({ at: '2025-03-02T09:00:00.000Z', passed: false }), 'j3');
    expect(later.passedAt).toBe('2025-03-01T11:00:00.000Z');
    expect(later.last).toMatchObject({ passed: false, jobId: 'j3' });
  });
  it('an older run arriving late does not replace the last one, but its pass counts', () => {
    const now = mergeRecord(null, report({ at: '2025-03-02T00:00:00.000Z' }), 'new');
    const late = mergeRecord(now, report({ at: '2025-03-01T00:00:00.000Z', passed: true }), 'old');
    expect(late.last.jobId).toBe('new');
    expect(late.passedAt).toBe('2025-03-01T00:00:00.000Z');
  });
  it('is idempotent and records picture digests', () => {
    const r = report({
      items: [
        {
          id: 'topology',
          title: 't',
          kind: 'drawing',
          guide: 'g',
          ok: true,
          artifact: { id: 'x', name: 'x.png', bytes: 1, sha256: 'ab' },
        },
      ],
    });
    const once = mergeRecord(null, r, 'j');
    expect(mergeRecord(once, r, 'j')).toEqual(once);
    expect(once.last.pictures).toEqual([{ id: 'topology', ok: true, sha256: 'ab' }]);
  });
});

describe('formatProgress', () => {
  const rec = (n: number, passedAt: string | null): CheckpointRecord => ({
    n,
    passedAt,
    last: { at: '2025-03-01T10:00:00.000Z', passed: Boolean(passedAt), criteria: [], pictures: [] },
  });
  it('shows first-pass times, runs not passed and never-run checkpoints', () => {
    const text = formatProgress([
      {
        team: 'team-a',
        records: new Map([
          [1, rec(1, '2025-03-01T10:05:00.000Z')],
          [2, rec(2, null)],
        ]),
      },
      { team: 'b', records: new Map() },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^team\s+CP1\s+CP2\s+CP3\s+CP4\s+CP5\s+CP6$/);
    expect(lines[1]).toMatch(/^team-a\s+03-01 10:05\s+…\s+-\s+-\s+-\s+-$/);
    expect(lines[2]).toMatch(/^b\s+-(\s+-){5}$/);
    expect(lines.at(-1)).toContain('1 of 12 passed.');
  });
});

const during = (over: Partial<ProbeDuringReport>): ProbeDuringReport =>
  ({
    requests: 1000,
    failures: 5,
    failureShare: 0.005,
    hostsAfter: ['p1', 'p2'],
    replacementFirstSeenMs: 2500,
    timeline: [
      { second: 0, successes: 50, failures: 0 },
      { second: 1, successes: 45, failures: 5 },
      { second: 2, successes: 50, failures: 0 },
    ],
    ...over,
  }) as ProbeDuringReport;

describe('resilienceVerdict', () => {
  it('passes when few requests failed and the service answers at the end', () => {
    const v = resilienceVerdict({ victim: 'hello-node-x', report: during({}) }, 0.01);
    expect(v.pass).toBe(true);
    expect(v.measured).toBe(
      '5 of 1000 requests failed (0.50%, at most 1.00%) while hello-node-x was deleted; answering again at the end from 2 host(s); replacement answered 2.5 s after the deletion',
    );
  });
  it('fails above the share, or when the last second still fails', () => {
    expect(resilienceVerdict({ victim: 'v', report: during({ failureShare: 0.2 }) }, 0.01).pass).toBe(false);
    const stuck = during({
      timeline: [{ second: 0, successes: 10, failures: 1 }],
      replacementFirstSeenMs: null,
    });
    const v = resilienceVerdict({ victim: 'v', report: stuck }, 0.5);
    expect(v.pass).toBe(false);
    expect(v.measured).toContain('NOT answering at the end');
    expect(v.measured).toContain('no replacement pod answered yet');
  });
});

describe('openstack facts for checkpoint 1', () => {
  it('addressMap reads the dict of lists and the old "net=a, b; net2=c" text', () => {
    expect(addressMap({ int_net: ['192.169.0.10', '172.16.7.3'] })).toEqual({
      int_net: ['192.169.0.10', '172.16.7.3'],
    });
    expect(addressMap('int_net=192.169.0.10, 172.16.7.3; other=10.0.0.4')).toEqual({
      int_net: ['192.169.0.10', '172.16.7.3'],
      other: ['10.0.0.4'],
    });
  });
  it('groupNames reads a list of {name} and the old "name=\'x\'" lines', () => {
    expect(groupNames([{ name: 'default' }, { name: 'web-server-sg' }])).toEqual([
      'default',
      'web-server-sg',
    ]);
    expect(groupNames("name='default'\nname='web-server-sg'")).toEqual(['default', 'web-server-sg']);
  });
  it('parseRouter and routerView read the real router show and name its networks', () => {
    const r = parseRouter(JSON.parse(readFixture('openstack-router-show.json')));
    expect(r).toEqual({
      id: 'c8bce62b-aff7-46a6-9cc1-57c6296a152c',
      name: 'standard-sprut-router',
      status: 'ACTIVE',
      externalNetworkId: 'ec8c610e-6387-447e-83d2-d2c541e88164',
      externalIp: '90.156.219.163',
      interfaces: [{ subnetId: 'f078ccef-7d1a-40eb-8266-1a0f6d23fed6', ip: '10.0.0.1' }],
    });
    const view = routerView(
      r,
      [
        { id: 'ec8c610e-6387-447e-83d2-d2c541e88164', name: 'ext_net', subnets: [] },
        { id: 'n2', name: 'int_net', subnets: [] },
      ],
      [{ id: 'f078ccef-7d1a-40eb-8266-1a0f6d23fed6', name: 's', network: 'n2', cidr: '10.0.0.0/24' }],
    );
    expect(view).toEqual({
      name: 'standard-sprut-router',
      externalNetwork: 'ext_net',
      externalIp: '90.156.219.163',
      networks: ['int_net'],
    });
  });
  it('parseRouter reads the gateway printed as JSON text by older clients', () => {
    const r = parseRouter({
      id: 'r',
      name: 'provider-router',
      external_gateway_info:
        '{"network_id": "ext", "external_fixed_ips": [{"subnet_id": "s", "ip_address": "172.16.7.0"}]}',
      interfaces_info: '[{"port_id": "p", "ip_address": "192.169.0.1", "subnet_id": "s2"}]',
    });
    expect(r.externalIp).toBe('172.16.7.0');
    expect(r.interfaces).toEqual([{ subnetId: 's2', ip: '192.169.0.1' }]);
  });
});
