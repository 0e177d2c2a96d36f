import type { APIApplicationCommand } from 'discord-api-types/v10';
import { checkCommandLimits } from '../command-limits.js';
import { discordError, json } from '../http-kit.js';
import type { RouteContext, RouteDef } from '../route-types.js';
import { snowflake } from '../snowflake.js';

type Obj = Record<string, unknown>;

function scope(ctx: RouteContext): string | null {
  if (ctx.params.application_id !== ctx.state.world.appId) return null;
  if (ctx.params.guild_id === undefined) return 'global';
  return ctx.params.guild_id === ctx.state.world.guildId ? ctx.params.guild_id : null;
}

/** Turns a request command into what Discord returns: ids, version, defaults filled in. */
function stored(
  ctx: RouteContext,
  key: string,
  raw: Obj,
  previous: APIApplicationCommand[],
): APIApplicationCommand {
  const type = (raw.type ?? 1) as number;
  const same = previous.find((c) => c.name === raw.name && c.type === type);
  const perms = raw.default_member_permissions;
  return {
    ...raw,
    id: same?.id ?? snowflake(),
    application_id: ctx.state.world.appId,
    ...(key === 'global' ? {} : { guild_id: key }),
    version: snowflake(),
    type,
    description: typeof raw.description === 'string' ? raw.description : '',
    default_member_permissions: perms === undefined || perms === null ? null : String(perms),
    nsfw: raw.nsfw === true,
    integration_types: (raw.integration_types ?? [0]) as APIApplicationCommand['integration_types'],
    contexts: (raw.contexts ?? null) as APIApplicationCommand['contexts'],
  } as APIApplicationCommand;
}

function routes(template: string): RouteDef[] {
  return [
    {
      method: 'GET',
      template,
      auth: 'bot',
      handle: (ctx) => {
        const key = scope(ctx);
        return key
          ? json(ctx.state.commands.get(key) ?? [])
          : discordError(404, 10002, 'Unknown Application');
      },
    },
    {
      method: 'PUT',
      template,
      auth: 'bot',
      limits: (ctx) => checkCommandLimits(ctx.body),
      handle: (ctx) => {
        const key = scope(ctx);
        if (!key) return discordError(404, 10002, 'Unknown Application');
        const previous = ctx.state.commands.get(key) ?? [];
        const list = (Array.isArray(ctx.body) ? ctx.body : []).map((c) =>
          stored(ctx, key, c as Obj, previous),
        );
        ctx.state.commands.set(key, list);
        return json(list);
      },
    },
  ];
}

/** Bulk overwrite and listing of global and guild commands (stored; used to type dispatched options). */
export const commandRoutes: RouteDef[] = [
  ...routes('/applications/{application_id}/commands'),
  ...routes('/applications/{application_id}/guilds/{guild_id}/commands'),
];
