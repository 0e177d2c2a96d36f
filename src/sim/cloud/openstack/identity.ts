import { opt } from '../cli/args.js';
import { CliExit, type CommandContext, type Output } from '../cli/io.js';
import { sha256Hex } from '../state/ids.js';
import { load, mutate } from '../state/store.js';
import type { CloudState } from '../state/types.js';
import { emitList, emitShow, osArgs } from './format.js';
import { findOsc, findProject } from './lookup.js';

/** Keystone commands the lab uses: `project show`, `role add`, `service list`. */

function octaviaRegistered(state: CloudState): boolean {
  for (const ctrl of Object.values(state.juju.controllers)) {
    for (const model of Object.values(ctrl.models)) {
      const oct = Object.values(model.applications).find((a) => a.charm === 'octavia');
      if (oct && model.relations.some((r) => r.requirer === `${oct.name}:identity-service`)) return true;
    }
  }
  return false;
}

/** Roles that exist: the defaults plus the load-balancer_* ones the octavia charm creates. */
function roles(state: CloudState): Array<{ id: string; name: string }> {
  const names = ['admin', 'member', 'reader', 'Member'];
  if (octaviaRegistered(state))
    names.push('load-balancer_admin', 'load-balancer_member', 'load-balancer_observer');
  return names.map((name) => ({ id: name, name }));
}

export async function projectShow(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('project show', argv, { values: ['--domain'], bools: ['--parents', '--children'] });
  const [key] = args.positionals;
  if (!key)
    throw new CliExit('openstack project show: error: the following arguments are required: <project>\n', 2);
  const state = load(ctx.stateDir);
  const domain = opt(args, '--domain');
  const candidates = state.openstack.projects.filter(
    (p) => !domain || p.domainName === domain || p.domainId === domain,
  );
  const p = findOsc(candidates, key, 'project');
  out.stdout += emitShow(
    {
      description: '',
      domain_id: p.domainId,
      enabled: true,
      id: p.id,
      is_domain: false,
      name: p.name,
      options: {},
      parent_id: p.domainId,
      tags: [],
    },
    args,
  );
  return 0;
}

export async function roleAdd(ctx: CommandContext, argv: string[], _out: Output): Promise<number> {
  const args = osArgs('role add', argv, {
    values: [
      '--user',
      '--user-domain',
      '--project',
      '--project-domain',
      '--group',
      '--group-domain',
      '--domain',
      '--role-domain',
      '--system',
    ],
    bools: ['--inherited'],
  });
  const [roleName] = args.positionals;
  if (!roleName)
    throw new CliExit('openstack role add: error: the following arguments are required: <role>\n', 2);
  mutate(ctx.stateDir, (state) => {
    const role = findOsc(roles(state), roleName, 'role');
    const user = opt(args, '--user') ?? '';
    if (user !== 'admin') throw new CliExit(`No user with a name or ID of '${user}' exists.\n`, 1);
    const project = findProject(state.openstack, opt(args, '--project') ?? '');
    const list = state.openstack.roleAssignments;
    if (!list.some((a) => a.user === user && a.project === project.name && a.role === role.name)) {
      list.push({ user, project: project.name, role: role.name });
    }
  });
  return 0;
}

export async function serviceList(ctx: CommandContext, argv: string[], out: Output): Promise<number> {
  const args = osArgs('service list', argv, { bools: ['--long'] });
  const state = load(ctx.stateDir);
  const services: Array<[string, string]> = [
    ['keystone', 'identity'],
    ['nova', 'compute'],
    ['neutron', 'network'],
    ['glance', 'image'],
    ['placement', 'placement'],
    ['cinderv3', 'volumev3'],
    ['swift', 'object-store'],
  ];
  const apps = Object.values(state.juju.controllers).flatMap((c) =>
    Object.values(c.models).flatMap((m) => Object.values(m.applications)),
  );
  if (apps.some((a) => a.charm === 'barbican')) services.push(['barbican', 'key-manager']);
  if (octaviaRegistered(state)) services.push(['octavia', 'load-balancer']);
  const rows = services.map(([name, type]) => [sha256Hex(`service:${name}`).slice(0, 32), name, type]);
  out.stdout += emitList(['ID', 'Name', 'Type'], rows, args);
  return 0;
}
