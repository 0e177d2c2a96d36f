import { Codes, UserError } from '../../../shared/errors.js';
import { type Exec, ExecError } from '../../../shared/exec.js';
import { type Applied, done, dryRun } from '../common/applied.js';
import { parseJson } from '../common/rows.js';
import type { Openstack } from './api.js';
import { type OpenstackEnvConfig, openstackEnv } from './credentials.js';
import { classifyOpenstackError } from './errors.js';
import { type LbMember, lbProblem, lbVerdict, parseLoadBalancer, parseMember } from './lb-health.js';
import { parseQuota } from './quota.js';
import { parseRouter } from './routers.js';
import {
  parseFloatingIps,
  parseNamedRows,
  parseNetworks,
  parseRoleAssignments,
  parseSecurityGroupRules,
  parseSecurityGroups,
  parseShow,
  parseSubnets,
} from './rows.js';

export interface OpenstackDeps {
  exec: Exec;
  env: OpenstackEnvConfig;
  /** The project the lab works in (e.g. `admin`). */
  project: string;
  signal?: AbortSignal;
  timeouts?: Partial<{ query: number; change: number; serverCreate: number }>;
  /** Where `$VAR` references of the openrc are looked up (defaults to process.env). */
  baseEnv?: NodeJS.ProcessEnv;
}

/** Creates the openstack adapter; credentials are read on the first call. */
export function createOpenstack(deps: OpenstackDeps): Openstack {
  const t = { query: 90_000, change: 3 * 60_000, serverCreate: 15 * 60_000, ...deps.timeouts };
  let envP: Promise<Record<string, string>> | undefined;
  const env = () => {
    envP ??= openstackEnv(deps.env, deps.baseEnv).catch((e) => {
      envP = undefined;
      throw e;
    });
    return envP;
  };
  const call = async (args: string[], o: { mutates?: boolean; timeoutMs?: number; json?: boolean } = {}) => {
    const argv: [string, ...string[]] = ['openstack', ...args, ...(o.json === false ? [] : ['-f', 'json'])];
    try {
      return await deps.exec({
        argv,
        env: await env(),
        timeoutMs: o.timeoutMs ?? (o.mutates ? t.change : t.query),
        mutates: o.mutates,
        signal: deps.signal,
        capture: 'full',
      });
    } catch (err) {
      throw translate(err);
    }
  };
  const query = async (args: string[]) =>
    parseJson((await call(args)).stdout, `openstack ${args.slice(0, 2).join(' ')}`);
  /** A show whose "not found" answer is null. */
  const show = async (args: string[]) => {
    try {
      return parseShow(await query(args));
    } catch (err) {
      if (err instanceof ExecError && kindOf(classifyOpenstackError(err.tail)) === 'not-found') return null;
      throw err;
    }
  };
  /** A mutating call; "already exists" is an outcome, dry-run has no output to parse. */
  const change = async <T>(
    args: string[],
    read: (stdout: string) => T,
    o: { json?: boolean; timeoutMs?: number } = {},
  ): Promise<Applied<T>> => {
    try {
      const r = await call(args, { mutates: true, ...o });
      return r.dryRun ? dryRun(r.argv) : done(read(r.stdout));
    } catch (err) {
      const c = err instanceof ExecError ? classifyOpenstackError(err.tail) : undefined;
      if (c && !(c instanceof UserError) && c.kind === 'already-exists') return c;
      throw err;
    }
  };
  const obj = (stdout: string) => parseShow(parseJson(stdout, 'openstack'));

  const api: Openstack = {
    quotaShow: async (project = deps.project) => parseQuota(await query(['quota', 'show', project])),
    quotaSet: (project, q) => {
      const flags = Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, String(v)]));
      if (!flags.length)
        throw new UserError(Codes.badInput, 'quotaSet needs at least one of cores, instances, ram');
      return change(['quota', 'set', ...flags, project], () => undefined, { json: false });
    },
    projectId: async (name, domain) => {
      const r = await show(['project', 'show', name, '--domain', domain, '-c', 'id']);
      const id = r?.id;
      if (typeof id !== 'string')
        throw new UserError(ToolNotFound, `project ${name} not found in domain ${domain}`);
      return id;
    },
    serverShow: (name) => show(['server', 'show', name]),
    serverList: async () => parseNamedRows(await query(['server', 'list'])),
    serverCreate: (s) =>
      change(
        [
          'server',
          'create',
          '--flavor',
          s.flavor,
          '--image',
          s.image,
          '--network',
          s.network,
          ...(s.keyName ? ['--key-name', s.keyName] : []),
          ...(s.userDataFile ? ['--user-data', s.userDataFile] : []),
          ...(s.securityGroups ?? []).flatMap((g) => ['--security-group', g]),
          ...(s.wait ? ['--wait'] : []),
          s.name,
        ],
        obj,
        { timeoutMs: t.serverCreate },
      ),
    serverAddFloatingIp: (server, ip) =>
      change(['server', 'add', 'floating', 'ip', server, ip], () => undefined, { json: false }),
    securityGroupCreate: (name, description) =>
      change(
        ['security', 'group', 'create', ...(description ? ['--description', description] : []), name],
        (out) => {
          const r = obj(out);
          return { id: String(r.id ?? ''), name: String(r.name ?? name), description };
        },
      ),
    securityGroupList: async () => parseSecurityGroups(await query(['security', 'group', 'list'])),
    securityGroupRuleCreate: (group, rule) =>
      change(
        [
          'security',
          'group',
          'rule',
          'create',
          `--${rule.direction ?? 'ingress'}`,
          '--protocol',
          rule.protocol,
          ...(rule.dstPort !== undefined ? ['--dst-port', String(rule.dstPort)] : []),
          ...(rule.remoteIp ? ['--remote-ip', rule.remoteIp] : []),
          group,
        ],
        (out) => ({ id: String(obj(out).id ?? '') }),
      ),
    securityGroupRuleList: async (group) =>
      parseSecurityGroupRules(await query(['security', 'group', 'rule', 'list', group])),
    floatingIpCreate: (network) =>
      change(['floating', 'ip', 'create', network], (out) => {
        const r = obj(out);
        return { address: String(r.floating_ip_address ?? ''), id: String(r.id ?? '') };
      }),
    floatingIpList: async () => parseFloatingIps(await query(['floating', 'ip', 'list'])),
    networkList: async (o) =>
      parseNetworks(await query(['network', 'list', ...(o?.external ? ['--external'] : [])])),
    subnetList: async () => parseSubnets(await query(['subnet', 'list'])),
    routerList: async () => parseNamedRows(await query(['router', 'list'])),
    routerShow: async (id) => {
      const r = await show(['router', 'show', id]);
      return r ? parseRouter(r) : null;
    },
    imageList: async (o) =>
      parseNamedRows(await query(['image', 'list', ...(o?.tag ? ['--tag', o.tag] : [])])),
    roleAdd: (a) =>
      change(
        [
          'role',
          'add',
          '--user',
          a.user,
          ...(a.userDomain ? ['--user-domain', a.userDomain] : []),
          '--project',
          a.project,
          ...(a.projectDomain ? ['--project-domain', a.projectDomain] : []),
          a.role,
        ],
        () => undefined,
        { json: false },
      ),
    roleAssignmentList: async (a) =>
      parseRoleAssignments(
        await query([
          'role',
          'assignment',
          'list',
          '--user',
          a.user,
          ...(a.userDomain ? ['--user-domain', a.userDomain] : []),
          '--project',
          a.project,
          ...(a.projectDomain ? ['--project-domain', a.projectDomain] : []),
          '--names',
        ]),
      ),
    serviceList: async () => parseNamedRows(await query(['service', 'list'])),
    loadbalancerList: async () =>
      parseNamedRows(await query(['loadbalancer', 'list'])).map((r) => parseLoadBalancer(r.raw)),
    loadbalancerShow: async (id) => {
      const r = await show(['loadbalancer', 'show', id]);
      return r ? parseLoadBalancer(r) : null;
    },
    memberList: async (pool) =>
      parseNamedRows(await query(['loadbalancer', 'member', 'list', pool])).map((r) => parseMember(r.raw)),
    lbHealthy: async (id) => {
      const lb = await api.loadbalancerShow(id);
      if (!lb)
        throw new UserError(ToolNotFound, `load balancer ${id} not found (\`openstack loadbalancer list\`)`);
      const v = lbVerdict(lb);
      if (v.state === 'healthy') return { state: 'healthy', lb };
      if (v.state === 'pending') return { state: 'pending', lb };
      const members: LbMember[] = [];
      for (const pool of lb.pools) members.push(...(await api.memberList(pool).catch(() => [])));
      throw lbProblem(lb, members);
    },
  };
  return api;
}

const ToolNotFound = Codes.osNotFound;

function kindOf(c: ReturnType<typeof classifyOpenstackError>): string | undefined {
  return c === undefined || c instanceof UserError ? undefined : c.kind;
}

function translate(err: unknown): unknown {
  if (!(err instanceof ExecError)) return err;
  if (err.isCanceled) return new UserError(Codes.cancelled, 'cancelled', { cause: err });
  if (err.timedOut)
    return new UserError(Codes.timeout, `\`${err.argv.join(' ')}\` timed out`, { cause: err });
  const c = classifyOpenstackError(err.tail);
  if (c instanceof UserError) return new UserError(c.code, c.message, { cause: err });
  return err;
}
