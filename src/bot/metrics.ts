import { type Client, Events, type Interaction, RESTEvents } from 'discord.js';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { isInvalidRequest } from './invalid-requests.js';

/**
 * The bot's Prometheus metrics, in a registry of its own: interactions received, Discord REST
 * calls by route and status, 429s, the gateway's state, and the queue depth of every team.
 */
export interface BotMetrics {
  registry: Registry;
  interactions: Counter<'type' | 'command'>;
  restCalls: Counter<'method' | 'route' | 'status'>;
  rateLimited: Counter<'route' | 'scope' | 'global'>;
  invalidRequests: Counter<'status'>;
  invalidWindow: Gauge;
  gatewayReady: Gauge;
  queueDepth: Gauge<'team' | 'state'>;
  /** Read when scraped: jobs per state of each team's queue; invalid requests in the last 10 min. */
  sources: { depth?: () => Promise<Record<string, Record<string, number>>>; invalidWindow?: () => number };
}

/** Creates the bot's metrics; `defaults` adds the process metrics (CPU, memory, event loop). */
export function createBotMetrics(opts: { defaults?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  if (opts.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'labops_bot_' });
  const registers = [registry];
  const sources: BotMetrics['sources'] = {};
  return {
    registry,
    sources,
    interactions: new Counter({
      name: 'labops_bot_interactions_total',
      help: 'Interactions received from Discord, by type (command, button, autocomplete) and command',
      labelNames: ['type', 'command'],
      registers,
    }),
    restCalls: new Counter({
      name: 'labops_discord_rest_calls_total',
      help: 'Discord REST calls made by the bot, by method, route and HTTP status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'labops_discord_rate_limited_total',
      help: 'Times discord.js hit a rate limit (a 429 or a pre-emptive wait), by route and scope',
      labelNames: ['route', 'scope', 'global'],
      registers,
    }),
    invalidRequests: new Counter({
      name: 'labops_discord_invalid_requests_total',
      help: 'Discord answers counted towards its invalid-request ban (401, 403, 429 not of scope shared), by status',
      labelNames: ['status'],
      registers,
    }),
    invalidWindow: new Gauge({
      name: 'labops_discord_invalid_requests_10m',
      help: 'Invalid Discord requests in the last 10 minutes (Discord bans the IP at 10000)',
      registers,
      collect() {
        this.set(sources.invalidWindow?.() ?? 0);
      },
    }),
    gatewayReady: new Gauge({
      name: 'labops_discord_gateway_ready',
      help: '1 while the Discord gateway session is ready',
      registers,
    }),
    queueDepth: new Gauge({
      name: 'labops_queue_depth',
      help: "Jobs in each team's queue by state, read when scraped",
      labelNames: ['team', 'state'],
      registers,
      async collect() {
        const teams = (await sources.depth?.().catch(() => undefined)) ?? {};
        for (const [team, counts] of Object.entries(teams))
          for (const [state, n] of Object.entries(counts)) this.set({ team, state }, n);
      },
    }),
  };
}

/**
 * Hooks the metrics to a discord.js client: its REST events, interactions and gateway state;
 * `onInvalid` hears each answer that counts towards Discord's invalid-request limit.
 */
export function observeClient(client: Client, m: BotMetrics, onInvalid?: () => void): void {
  client.rest.on(RESTEvents.Response, (request, response) => {
    m.restCalls.inc({ method: request.method, route: request.route, status: String(response.status) });
    if (isInvalidRequest(response.status, response.headers.get('x-ratelimit-scope'))) {
      m.invalidRequests.inc({ status: String(response.status) });
      onInvalid?.();
    }
  });
  client.rest.on(RESTEvents.RateLimited, (info) => {
    m.rateLimited.inc({ route: info.route, scope: info.scope, global: String(info.global) });
  });
  client.on(Events.InteractionCreate, (i: Interaction) => {
    const type = i.isChatInputCommand()
      ? 'command'
      : i.isButton()
        ? 'button'
        : i.isAutocomplete()
          ? 'autocomplete'
          : 'other';
    const command = i.isChatInputCommand() || i.isAutocomplete() ? i.commandName : '';
    m.interactions.inc({ type, command });
  });
  m.gatewayReady.set(0);
  client.on(Events.ClientReady, () => m.gatewayReady.set(1));
  client.on(Events.ShardDisconnect, () => m.gatewayReady.set(0));
  client.on(Events.ShardReady, () => m.gatewayReady.set(1));
  client.on(Events.ShardResume, () => m.gatewayReady.set(1));
}
