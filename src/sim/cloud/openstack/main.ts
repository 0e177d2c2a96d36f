import { CliExit, type CommandContext, type CommandResult, type Output, runCommand } from '../cli/io.js';
import { flavorList, imageList, keypairList } from './catalog.js';
import { projectShow, roleAdd, serviceList } from './identity.js';
import {
  healthmonitorList,
  lbCreate,
  lbDelete,
  lbList,
  lbShow,
  memberList,
  poolList,
} from './loadbalancer.js';
import {
  floatingCreate,
  floatingList,
  networkList,
  networkShow,
  serverAddFloating,
  subnetList,
} from './network.js';
import { quotaSet, quotaShow } from './quota.js';
import { roleAssignmentList } from './role-assignments.js';
import { routerList, routerShow } from './router.js';
import { ruleCreate, ruleList, sgCreate, sgList, sgShow } from './security-group.js';
import { serverCreate, serverDelete, serverList, serverShow } from './server.js';

/**
 * The stand-in `openstack` command (python-openstackclient). Needs credentials in the
 * environment like the real one (OS_AUTH_URL or OS_CLOUD), otherwise it fails with the
 * keystoneauth message.
 */

type Handler = (ctx: CommandContext, argv: string[], out: Output) => Promise<number>;

const COMMANDS: Record<string, Handler> = {
  'quota set': quotaSet,
  'quota show': quotaShow,
  'project show': projectShow,
  'role add': roleAdd,
  'role assignment list': roleAssignmentList,
  'service list': serviceList,
  'server create': serverCreate,
  'server show': serverShow,
  'server list': serverList,
  'server delete': serverDelete,
  'server add floating ip': serverAddFloating,
  'security group create': sgCreate,
  'security group list': sgList,
  'security group show': sgShow,
  'security group rule create': ruleCreate,
  'security group rule list': ruleList,
  'floating ip create': floatingCreate,
  'floating ip list': floatingList,
  'network list': networkList,
  'network show': networkShow,
  'subnet list': subnetList,
  'router list': routerList,
  'router show': routerShow,
  'image list': imageList,
  'flavor list': flavorList,
  'keypair list': keypairList,
  'loadbalancer list': lbList,
  'loadbalancer show': lbShow,
  'loadbalancer create': lbCreate,
  'loadbalancer delete': lbDelete,
  'loadbalancer pool list': poolList,
  'loadbalancer member list': memberList,
  'loadbalancer healthmonitor list': healthmonitorList,
};

/** Global options taking a value (accepted before the command and ignored). */
const GLOBAL_VALUES = new Set([
  '--os-cloud',
  '--os-auth-url',
  '--os-project-name',
  '--os-username',
  '--os-password',
  '--os-region-name',
  '--os-cacert',
  '--os-interface',
  '--os-identity-api-version',
  '--os-user-domain-name',
  '--os-project-domain-name',
  '--os-auth-type',
]);
const GLOBAL_BOOLS = new Set(['--insecure', '--debug', '-v', '-q', '--verbose', '--quiet']);

/** Runs one `openstack` invocation. */
export function main(ctx: CommandContext): Promise<CommandResult> {
  return runCommand(async (out) => {
    const argv = [...ctx.argv];
    let cloud = ctx.env.OS_CLOUD;
    let authUrl = ctx.env.OS_AUTH_URL;
    while (argv[0]?.startsWith('-')) {
      const flag = argv.shift() as string;
      if (GLOBAL_VALUES.has(flag)) {
        const value = argv.shift();
        if (flag === '--os-cloud') cloud = value;
        if (flag === '--os-auth-url') authUrl = value;
      } else if (!GLOBAL_BOOLS.has(flag)) {
        throw new CliExit(
          `usage: openstack [--version] [-v | -q] [--log-file LOG_FILE] [-h] [--debug]\nopenstack: error: unrecognized arguments: ${flag}\n`,
          2,
        );
      }
    }
    if (argv.length === 0)
      throw new CliExit('openstack: no command given (the simulation has no interactive mode)\n', 2);
    const words = argv.filter((a) => !a.startsWith('-'));
    let match: string | undefined;
    for (let n = Math.min(5, words.length); n > 0 && !match; n--) {
      const key = argv.slice(0, n).join(' ');
      if (COMMANDS[key]) match = key;
    }
    if (!match) {
      const shown = argv
        .filter((a) => !a.startsWith('-'))
        .slice(0, 3)
        .join(' ');
      throw new CliExit(`openstack: '${shown}' is not an openstack command. See 'openstack --help'.\n`, 2);
    }
    if (!cloud && !authUrl)
      throw new CliExit('Missing value auth-url required for auth plugin password\n', 1);
    const handler = COMMANDS[match] as Handler;
    return handler(ctx, argv.slice(match.split(' ').length), out);
  });
}
