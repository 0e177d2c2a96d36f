import { type Client, Events, type Interaction, RESTEvents } from 'discord.js';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * The bot's Prometheus metrics, in a registry of its own: interactions received, Discord REST
 * calls by route and status, 429s, the gateway's state, and the queue depth of every team.
 */
export interface BotMetrics {
  registry: Registry;
  interactions: Counter<'type' | 'command'>;
  restCalls: Counter<'method' | 'route' | 'status'>;
  rateLimited: Counter<'route' | 'scope' | 'global'>;
  gatewayReady: Gauge;
  queueDepth: Gauge<'team' | 'state'>;
  /** Read when scraped: jobs per state of each team's queue. */
  sources: { depth?: () => Promise<Record<string, Record<string, number>>> };
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

/** Hooks the metrics to a discord.js client: its REST events, interactions and gateway state. */
export function observeClient(client: Client, m: BotMetrics): void {
  client.rest.on(RESTEvents.Response, (request, response) => {
    m.restCalls.inc({ method: request.method, route: request.route, status: String(response.status) });
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
