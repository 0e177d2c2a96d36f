import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteractionDataResolved,
  ChannelType,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import { memberOf, permissionsOf, type UserKey, type World } from './world.js';

/** An option value; give `{ type, value }` to force a type (user, role, channel, mentionable...). */
export type OptionInput = string | number | boolean | { type: T; value: string | number | boolean };

/** Option values by name, as a user would type them. */
export type OptionInputs = Record<string, OptionInput>;

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** The option definitions at the level where values go (below a subcommand/group when given). */
function definitionsAt(command: Obj | undefined, group?: string, sub?: string): Obj[] {
  let level = arr(command?.options);
  for (const name of [group, sub]) {
    if (!name) continue;
    level = arr(level.find((o) => o.name === name)?.options);
  }
  return level;
}

function inferType(value: OptionInput, def: Obj | undefined): T {
  if (typeof value === 'object') return value.type;
  if (typeof def?.type === 'number') return def.type as T;
  if (typeof value === 'boolean') return T.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? T.Integer : T.Number;
  return T.String;
}

function resolve(world: World, type: T, id: string, resolved: APIInteractionDataResolved): void {
  const userKey = (Object.keys(world.users) as UserKey[]).find((k) => world.users[k].id === id);
  const role = Object.values(world.roles).find((r) => r.id === id);
  const channel = world.channels.find((c) => c.id === id);
  if ((type === T.User || type === T.Mentionable) && userKey) {
    resolved.users = { ...resolved.users, [id]: world.users[userKey] };
    const { user: _user, ...member } = memberOf(world, userKey);
    resolved.members = {
      ...resolved.members,
      [id]: { ...member, permissions: permissionsOf(world, member.roles) },
    };
  }
  if ((type === T.Role || type === T.Mentionable) && role) resolved.roles = { ...resolved.roles, [id]: role };
  if (type === T.Channel && channel) {
    resolved.channels = {
      ...resolved.channels,
      [id]: { id, name: channel.name, type: ChannelType.GuildText, permissions: '0' } as never,
    };
  }
}

/**
 * Builds `data.options` (and `data.resolved`) for a chat-input interaction. Types come from the
 * command registered through the bulk-overwrite route when there is one, else from the JS value.
 * `focused` marks the option being typed, for autocomplete.
 */
export function buildOptions(
  world: World,
  registered: Obj | undefined,
  inputs: OptionInputs,
  opts: { subcommand?: string; group?: string; focused?: string },
): { options: APIApplicationCommandInteractionDataOption[]; resolved?: APIInteractionDataResolved } {
  const defs = definitionsAt(registered, opts.group, opts.subcommand);
  const resolved: APIInteractionDataResolved = {};
  const leaf = Object.entries(inputs).map(([name, input]) => {
    const type = inferType(
      input,
      defs.find((d) => d.name === name),
    );
    const value = typeof input === 'object' ? input.value : input;
    if (type === T.User || type === T.Role || type === T.Channel || type === T.Mentionable)
      resolve(world, type, String(value), resolved);
    const focused = opts.focused === name ? { focused: true } : {};
    return { name, type, value, ...focused } as APIApplicationCommandInteractionDataOption;
  });
  let options = leaf;
  if (opts.subcommand)
    options = [
      {
        name: opts.subcommand,
        type: T.Subcommand,
        options: leaf,
      } as APIApplicationCommandInteractionDataOption,
    ];
  if (opts.group)
    options = [
      { name: opts.group, type: T.SubcommandGroup, options } as APIApplicationCommandInteractionDataOption,
    ];
  return Object.keys(resolved).length > 0 ? { options, resolved } : { options };
}
