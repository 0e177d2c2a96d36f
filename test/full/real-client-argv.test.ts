import { describe, expect, it } from 'vitest';
import { requireTools } from './gate.js';
import { missingPackages, parseWithDocker, parseWithOpenstack, type Verdict } from './real-clients.js';
import { walkArgv } from './walk-argv.js';

/**
 * Every argv a whole walk of the guide sends to `openstack` and `docker` goes through the
 * real client's own parser: python3-openstackclient with python3-octaviaclient, and the docker
 * CLI. Authentication is off, the endpoint and the daemon socket are dead, nothing is
 * contacted; parsing is all this checks (what the stand-ins answer is checked elsewhere).
 */
const missing = missingPackages();
const unique = (argvs: string[][]) => [...new Map(argvs.map((a) => [JSON.stringify(a), a])).values()];
const refusals = (verdicts: Verdict[], tool: string) =>
  verdicts.filter((v) => !v.ok).map((v) => `${tool} ${v.argv.join(' ')}  →  ${v.message}`);

describe('argv of the walk against the real openstack and docker clients', () => {
  it('the real clients are installed', (ctx) => {
    const reason = requireTools(missing, 'the real openstack / docker clients are');
    if (reason) {
      console.warn(`skipped: ${reason}`);
      ctx.skip();
    }
  });

  describe.skipIf(missing.length > 0)('with the real clients', () => {
    it("the parsers refuse a bad argv with their own message, and know Octavia's commands", async () => {
      const os = await parseWithOpenstack([
        ['server', 'create', '--flavor', 'm1.small', '--image', 'jammy', '--no-such-flag', 'x'],
        ['loadbalancer', 'frobnicate'],
        ['quota', 'set', '--cores'],
        ['loadbalancer', 'show', 'lb1', '-f', 'json'],
      ]);
      expect(os.map((v) => [v.ok, v.message])).toEqual([
        [false, 'openstack server create: error: unrecognized arguments: --no-such-flag'],
        [false, "openstack: Unknown command ['loadbalancer', 'frobnicate']"],
        [false, 'openstack quota set: error: argument --cores: expected one argument'],
        [true, ''],
      ]);
      const flag = await parseWithDocker(['push', '--no-such-flag', 'labops/hello-node:v1']);
      expect(flag).toMatchObject({
        ok: false,
        message: expect.stringMatching(/unknown flag: --no-such-flag/),
      });
      const args = await parseWithDocker(['tag', 'hello-node:v1']);
      expect(args).toMatchObject({
        ok: false,
        message: expect.stringMatching(/requires (exactly )?2 arguments/),
      });
      expect(await parseWithDocker(['tag', 'hello-node:v1', 'labops/hello-node:v1'])).toMatchObject({
        ok: true,
      });
    });

    it('every openstack and docker argv of a whole walk from preset fresh (and the walk again) parses', async () => {
      const started = Date.now();
      const steps = await walkArgv({ again: true });
      const walkMs = Date.now() - started;
      const all = steps.flatMap((s) => s.argv);
      const openstack = unique(all.filter((a) => a[0] === 'openstack').map((a) => a.slice(1)));
      const docker = unique(all.filter((a) => a[0] === 'docker').map((a) => a.slice(1)));
      const parseFrom = Date.now();
      const os = await parseWithOpenstack(openstack);
      const dk: Verdict[] = [];
      for (const argv of docker) dk.push(await parseWithDocker(argv));
      console.log(
        `walk ${(walkMs / 1000).toFixed(1)} s (${steps.length} jobs); parsed ${openstack.length} openstack and ` +
          `${docker.length} docker argv in ${((Date.now() - parseFrom) / 1000).toFixed(1)} s:\n` +
          [
            ...openstack.map((a) => `  openstack ${a.join(' ')}`),
            ...docker.map((a) => `  docker ${a.join(' ')}`),
          ].join('\n'),
      );
      expect([...refusals(os, 'openstack'), ...refusals(dk, 'docker')]).toEqual([]);
      const stopped = steps.find((s) => s.state !== 'completed');
      expect(stopped ? `${stopped.line} (walk ${stopped.pass}): ${stopped.message}` : '').toBe('');
      expect(steps).toHaveLength(25);
      // The walk reached every family it should: keystone, nova, neutron, glance, Octavia, the image steps.
      for (const verb of ['role add', 'server create', 'security group rule create', 'loadbalancer list'])
        expect(
          openstack.map((a) => a.join(' ')).some((a) => a.startsWith(verb)),
          verb,
        ).toBe(true);
      for (const verb of ['build', 'tag', 'push'])
        expect(
          docker.some((a) => a[0] === verb),
          verb,
        ).toBe(true);
    });
  });
});
