import { opt } from '../cli/args.js';
import type { CommandContext, Output } from '../cli/io.js';
import { sha256Hex } from '../state/ids.js';
import { load } from '../state/store.js';
import { emitList, osArgs } from './format.js';

/**
 * `openstack role assignment list`: Keystone's assignments of the lab's `admin` user (the
 * bootstrap `admin` role on the admin project, plus what `role add` gave), filtered by
 * user / project / role as the real client filters them; `--names` prints `name@domain`.
 */

const HEADERS = ['Role', 'User', 'Group', 'Project', 'Domain', 'System', 'Inherited'];
// The simulated roles have their names as ids (see identity.ts).
const ADMIN_DOMAIN = { id: 'admin_domain_id', name: 'admin_domain' };
const userId = (name: string) => sha256Hex(`user:${name}`).slice(0, 32);

export async function roleAssignmentList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('role assignment list', argv, {
    values: [
      '--user',
      '--user-domain',
      '--group',
      '--group-domain',
      '--project',
      '--project-domain',
      '--domain',
      '--role',
      '--role-domain',
      '--system',
    ],
    bools: ['--names', '--effective', '--inherited', '--auth-user', '--auth-project'],
  });
  const state = load(ctx.stateDir);
  const names = args.options.has('--names');
  const admin = state.openstack.projects.find((p) => p.name === 'admin');
  const all = [
    ...(admin ? [{ user: 'admin', project: admin.name, role: 'admin' }] : []),
    ...state.openstack.roleAssignments,
  ];
  const user = opt(args, '--user');
  const project = opt(args, '--project');
  const role = opt(args, '--role');
  const rows = all
    .map((a) => ({ a, p: state.openstack.projects.find((p) => p.name === a.project) }))
    .filter(({ a }) => !user || a.user === user || userId(a.user) === user)
    .filter(({ a, p }) => !project || a.project === project || p?.id === project)
    .filter(({ a }) => !role || a.role === role)
    .map(({ a, p }) => [
      a.role,
      names ? `${a.user}@${ADMIN_DOMAIN.name}` : userId(a.user),
      '',
      names ? `${a.project}@${p?.domainName ?? ADMIN_DOMAIN.name}` : (p?.id ?? a.project),
      '',
      '',
      false,
    ]);
  out.stdout += emitList(HEADERS, rows, args);
  return 0;
}
