import type { JobData } from '../../../jobs/definitions.js';
import { Codes, UserError } from '../../../shared/errors.js';
import type { RecipeContext } from '../../context.js';
import type { Step } from '../../recipe.js';
import { converge } from '../../steps.js';
import { withHomeFiles } from '../../tools/common/home-files.js';
import { SG } from './security-group.js';
import { guideServerJs, webServerUserData } from './user-data.js';

type D = JobData<'deploy-webserver'>;
export const SERVER = 'juju-openstack-web-server';

/** The internal network: configured, or the only non-external one besides Octavia's lb-mgmt-net. */
export async function internalNetwork(ctx: RecipeContext): Promise<string> {
  if (ctx.config.LABOPS_OS_NETWORK) return ctx.config.LABOPS_OS_NETWORK;
  const os = ctx.tools.openstack;
  const external = new Set((await os.networkList({ external: true })).map((n) => n.id));
  const internal = (await os.networkList()).filter((n) => !external.has(n.id) && !/lb-mgmt/.test(n.name));
  if (internal.length !== 1 || !internal[0])
    throw new UserError(
      'CONFIG',
      `cannot tell which network is the internal one (${internal.map((n) => n.name).join(', ') || 'none'}): set LABOPS_OS_NETWORK`,
    );
  return internal[0].name || internal[0].id;
}

export const instance: Step<D> = {
  name: `instance ${SERVER} (m1.small, cloud-init)`,
  check: async (_d, ctx) => {
    const s = await ctx.tools.openstack.serverShow(SERVER);
    return s ? `${SERVER} exists (${String(s.status)})` : false;
  },
  apply: async (_d, ctx) => {
    // Under $HOME: the openstack CLI on `main` is a snap.
    const network = await internalNetwork(ctx);
    await withHomeFiles(ctx.env, 'user-data', { 'user-data.yaml': webServerUserData(guideServerJs()) }, (f) =>
      ctx.tools.openstack.serverCreate({
        name: SERVER,
        flavor: 'm1.small',
        image: ctx.config.LABOPS_OS_IMAGE,
        network,
        keyName: ctx.config.LABOPS_OS_KEYPAIR,
        securityGroups: [SG],
        userDataFile: f['user-data.yaml'] as string,
      }),
    );
    return `creating ${SERVER}`;
  },
  wait: async (_d, ctx) => {
    await converge(
      async () => {
        const s = await ctx.tools.openstack.serverShow(SERVER);
        const status = String(s?.status ?? 'missing');
        ctx.say(`${SERVER}: ${status}`);
        if (status === 'ERROR')
          throw new UserError(
            Codes.osServerError,
            `${SERVER} went to ERROR: ${JSON.stringify(s?.fault ?? '').slice(0, 300)} (\`openstack server show ${SERVER}\`; quota? \`/quota\`)`,
          );
        return status === 'ACTIVE';
      },
      { signal: ctx.signal, clock: ctx.clock, intervalMs: 3_000 },
    );
    return `${SERVER} is ACTIVE`;
  },
  timeoutMs: 15 * 60_000,
  timeoutHint: `the instance did not become ACTIVE: \`openstack server show ${SERVER}\` (image, flavor, quota, compute nodes)`,
};
