import { discordError, json } from '../http-kit.js';
import type { RouteDef } from '../route-types.js';
import { guildCreate } from '../world.js';

/** Gateway discovery, the bot's own user and application, and read-only guild/channel lookups. */
export const metaRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/gateway/bot',
    auth: 'bot',
    handle: ({ state }) =>
      json({
        url: state.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      }),
  },
  {
    method: 'GET',
    template: '/gateway',
    auth: 'none',
    handle: ({ state }) => json({ url: state.gatewayUrl() }),
  },
  {
    method: 'GET',
    template: '/users/@me',
    auth: 'bot',
    handle: ({ state }) => json({ ...state.world.users.bot, verified: true, mfa_enabled: false, flags: 0 }),
  },
  {
    method: 'GET',
    template: '/applications/@me',
    auth: 'bot',
    handle: ({ state }) =>
      json({
        id: state.world.appId,
        name: 'labops',
        icon: null,
        description: 'Chat-ops for the cloud lab',
        bot_public: false,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        team: null,
        owner: state.world.users.instructor,
        bot: state.world.users.bot,
        summary: '',
        rpc_origins: [],
      }),
  },
  {
    method: 'GET',
    template: '/channels/{channel_id}',
    auth: 'bot',
    handle: ({ state, params }) => {
      const channel = state.world.channels.find((c) => c.id === params.channel_id);
      return channel ? json(channel) : discordError(404, 10003, 'Unknown Channel');
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}',
    auth: 'bot',
    handle: ({ state, params }) => {
      if (params.guild_id !== state.world.guildId) return discordError(404, 10004, 'Unknown Guild');
      const {
        channels: _c,
        members: _m,
        voice_states: _v,
        threads: _t,
        presences: _p,
        ...guild
      } = guildCreate(state.world);
      return json(guild);
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/channels',
    auth: 'bot',
    handle: ({ state, params }) =>
      params.guild_id === state.world.guildId
        ? json(state.world.channels)
        : discordError(404, 10004, 'Unknown Guild'),
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/roles',
    auth: 'bot',
    handle: ({ state, params }) =>
      params.guild_id === state.world.guildId
        ? json([...Object.values(state.world.roles), ...state.world.extraRoles])
        : discordError(404, 10004, 'Unknown Guild'),
  },
  {
    method: 'GET',
    template: '/guilds/{guild_id}/members/{user_id}',
    auth: 'bot',
    handle: ({ state, params }) => {
      const member = guildCreate(state.world).members.find((m) => m.user.id === params.user_id);
      return member ? json(member) : discordError(404, 10007, 'Unknown Member');
    },
  },
];
