import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIRole, APIUser } from 'discord-api-types/v10';
import { setBotOverwrite } from './channel-permissions.js';
import { dispatchers } from './dispatchers.js';
import { type FaultControls, FaultPlan } from './faults.js';
import { Gateway } from './gateway.js';
import { RateLimitHeaders } from './http-kit.js';
import type { ActorOptions, CommandOptions } from './interaction-payloads.js';
import { InteractionStore } from './interaction-store.js';
import { InvalidRequests } from './invalid-requests.js';
import { MessageStore } from './message-store.js';
import { type CallFilter, Recorder, waitFor } from './recorder.js';
import { createPipeline } from './rest-pipeline.js';
import type { ResolvedOptions, StandInState } from './route-types.js';
import { channelMessageRoutes } from './routes/channel-messages.js';
import { commandRoutes } from './routes/commands.js';
import { interactionCallbackRoute } from './routes/interaction-callback.js';
import { interactionWebhookRoutes } from './routes/interaction-webhooks.js';
import { metaRoutes } from './routes/meta.js';
import type {
  InteractionResponseView,
  RecordedCall,
  StandInOptions,
  StoredMessage,
  Violation,
} from './types.js';
import { createWorld, type RoleKey, type UserKey, type World } from './world.js';

/** The ids a test needs to refer to a dispatched interaction (and to call its webhook). */
export interface DispatchedInteraction {
  id: string;
  token: string;
}

/** A local Discord (REST under `/api/v10` + gateway) for an unmodified discord.js Client. */
export interface DiscordStandIn {
  port: number;
  /** Pass as `rest: { api: apiBase }` to the Client (`http://127.0.0.1:PORT/api`). */
  apiBase: string;
  gatewayUrl: string;
  token: string;
  appId: string;
  guildId: string;
  /** The class channel `#lab`. */
  channelId: string;
  /** A second text channel, `#team-2`. */
  otherChannelId: string;
  /** The ids of the `channels` asked for in the options, in that order. */
  extraChannelIds: string[];
  roles: Record<RoleKey | 'everyone', APIRole>;
  /** The ids of the `roles` asked for in the options, in that order. */
  extraRoleIds: string[];
  users: Record<UserKey, APIUser>;
  world: World;
  options: ResolvedOptions;
  /** Sends INTERACTION_CREATE for a slash command (waits for a ready gateway session first). */
  dispatchCommand(opts: CommandOptions): Promise<DispatchedInteraction>;
  /** Sends INTERACTION_CREATE for a click on button `customId` of message `messageId` (which must carry it). */
  clickButton(opts: ActorOptions & { messageId: string; customId: string }): Promise<DispatchedInteraction>;
  /** Sends INTERACTION_CREATE for a string-select choice on message `messageId`. */
  selectMenu(
    opts: ActorOptions & { messageId: string; customId: string; values: string[] },
  ): Promise<DispatchedInteraction>;
  /** Sends an autocomplete interaction (type 4) with option `focused` being typed. */
  autocomplete(opts: CommandOptions & { focused: string }): Promise<DispatchedInteraction>;
  /** Sends any gateway dispatch to every ready session; resolves with how many got it. */
  dispatch(event: string, data: unknown): Promise<number>;
  faults: FaultControls;
  /** Answers Discord counts as invalid (401, 403, 429 not `shared`): in the last 10 min, and since the start. */
  invalidRequests(): { inWindow: number; total: number };
  /**
   * Replaces the bot's member overwrite on a channel (`deny` bits taken away), as an admin editing
   * the channel would: CHANNEL_UPDATE goes to the gateway sessions, and later interactions there
   * carry the new `app_permissions`.
   */
  setBotChannelDeny(channelId: string, deny: bigint): void;
  /** Recorded REST calls passing `filter`, oldest first. */
  calls(filter?: CallFilter): RecordedCall[];
  /** Requests Discord would refuse (schema, limits, protocol, auth) or that the stand-in does not serve. */
  readonly violations: Violation[];
  /** Throws a readable error listing the violations, if any (use in afterEach). */
  assertNoViolations(): void;
  /** Empties and returns the violations (for tests that provoke them on purpose). */
  takeViolations(): Violation[];
  /**
   * Current (not deleted) messages of a channel with their edit history, oldest first; default the class
   * channel. Ephemeral interaction responses are included and marked `ephemeral: true`.
   */
  messagesIn(channelId?: string): StoredMessage[];
  message(id: string): StoredMessage | undefined;
  interactionResponse(interactionId: string): InteractionResponseView | undefined;
  /** Resolves when `probe` returns something truthy (polled every 10 ms). */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Resolves with the first recorded call passing `filter` (counting calls already made). */
  waitForCall(filter: CallFilter, timeoutMs?: number): Promise<RecordedCall>;
  /** Commands registered by bulk overwrite (guild by default, `'global'` for global). */
  commands(scope?: string): APIApplicationCommand[];
  /** Gateway payloads the clients sent, and a way to drop every connection. */
  gateway: {
    received: Gateway['received'];
    disconnectAll(code?: number): void;
    readonly readySessions: number;
  };
  close(): Promise<void>;
}

const DEFAULTS: ResolvedOptions = {
  token: 'stand-in.bot-token.labops',
  interactionDeadlineMs: 3000,
  tokenLifetimeMs: 15 * 60_000,
  editWindowMs: 60 * 60_000,
  lateEditLimit: 5,
  strict: true,
  lateEditRetryAfterMs: 30_000,
  roles: [],
  distinctBotUser: false,
  nonceWindowMs: 5 * 60_000,
  invalidRequestLimit: 10_000,
  channels: [],
  premiumTier: 0,
  attachmentSizeLimit: 10 * 1024 * 1024,
  heartbeatIntervalMs: 41_250,
  log: false,
};

/** Starts the stand-in on a random loopback port. */
export async function startDiscordStandIn(options: StandInOptions = {}): Promise<DiscordStandIn> {
  const opts: ResolvedOptions = {
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const world = createWorld({
    channels: opts.channels,
    premiumTier: opts.premiumTier,
    roles: opts.roles,
    distinctBotUser: opts.distinctBotUser,
  });
  const invalid = new InvalidRequests(opts.invalidRequestLimit);
  let port = 0;
  const state: StandInState = {
    world,
    opts,
    messages: new MessageStore(),
    interactions: new InteractionStore(),
    commands: new Map(),
    gatewayUrl: () => `ws://127.0.0.1:${port}`,
  };
  const recorder = new Recorder();
  const faults = new FaultPlan();
  const gateway = new Gateway({
    world,
    token: opts.token,
    url: state.gatewayUrl,
    heartbeatIntervalMs: opts.heartbeatIntervalMs,
    log: () => {},
  });
  const routes = [
    ...metaRoutes,
    ...channelMessageRoutes,
    interactionCallbackRoute,
    ...interactionWebhookRoutes,
    ...commandRoutes,
  ];
  const handler = createPipeline({
    routes,
    state,
    faults,
    recorder,
    rateLimits: new RateLimitHeaders(),
    invalid,
  });
  // A client that goes away mid-request (a bot killed while it sends) ends that request only.
  const server = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => gateway.upgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const send = dispatchers(state, gateway);

  return {
    port,
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl: state.gatewayUrl(),
    token: opts.token,
    appId: world.appId,
    guildId: world.guildId,
    channelId: world.channelId,
    otherChannelId: world.otherChannelId,
    extraChannelIds: world.channels.slice(2).map((c) => c.id),
    roles: world.roles,
    extraRoleIds: world.extraRoles.map((r) => r.id),
    users: world.users,
    world,
    options: opts,
    ...send,
    faults,
    invalidRequests: () => ({ inWindow: invalid.inWindow(), total: invalid.total }),
    setBotChannelDeny: (channelId, deny) => {
      setBotOverwrite(world, channelId, deny);
      // Discord tells the gateway sessions of the change (CHANNEL_UPDATE, Guilds intent).
      gateway.dispatch(
        'CHANNEL_UPDATE',
        world.channels.find((c) => c.id === channelId),
      );
    },
    calls: (filter) => recorder.calls(filter),
    violations: recorder.violations,
    assertNoViolations() {
      if (recorder.violations.length === 0) return;
      const lines = recorder.violations.map(
        (v) =>
          `${v.kind}: ${v.method} ${v.route ?? v.path}\n${v.errors.map((e) => `    ${e.path}: ${e.message}`).join('\n')}`,
      );
      throw new Error(
        `Discord stand-in saw ${recorder.violations.length} violation(s):\n  ${lines.join('\n  ')}`,
      );
    },
    takeViolations: () => recorder.violations.splice(0),
    messagesIn: (channelId = world.channelId) => state.messages.inChannel(channelId),
    message: (id) => state.messages.get(id),
    interactionResponse: (id) => state.interactions.view(id, state.messages),
    waitFor: (probe, timeoutMs) => waitFor(probe, timeoutMs),
    waitForCall: (filter, timeoutMs) =>
      waitFor(() => recorder.calls(filter)[0], timeoutMs, `a call matching ${String(filter)}`),
    commands: (scope = world.guildId) => state.commands.get(scope) ?? [],
    gateway: {
      received: gateway.received,
      disconnectAll: (code) => gateway.disconnectAll(code),
      get readySessions() {
        return gateway.readySessions;
      },
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
