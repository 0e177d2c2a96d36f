import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { handleAutocomplete } from './autocomplete.js';
import { handleButton } from './buttons.js';
import type { BotContext } from './context.js';
import { dispatchCommand } from './dispatch.js';

/**
 * The gateway client: the only place interactions enter. It translates and delegates; every
 * handler answers within Discord's 3 seconds on its own.
 */
export function createGatewayClient(apiBase: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      api: apiBase,
      // Edits of channel messages are not waited out: a 429 there is thrown to the status message,
      // which skips to a later edit — or, on a message past Discord's late-edit age, takes it for
      // 30046 (sent as a 429) and posts a fresh message. Everything else keeps discord.js's waiting.
      rejectOnRateLimit: (r) => r.method === 'PATCH' && r.route === '/channels/:id/messages/:id' && !r.global,
      // The library's own count of 401/403/429 in its 10-minute window, logged every 500.
      invalidRequestWarningInterval: 500,
    },
  });
}

/** Routes interactions to their handlers; a handler's error is logged, never thrown at discord.js. */
export function wireInteractions(client: Client, ctx: BotContext): void {
  client.on(Events.InteractionCreate, (i: Interaction) => {
    // A bot whose leadership another bot took over answers nothing (it is being stopped).
    if (ctx.leadershipLost?.()) return;
    // Every log line about this interaction carries its id, its user and its channel.
    const log = ctx.log.child({ interactionId: i.id, userId: i.user.id, channelId: i.channelId });
    const ictx: BotContext = { ...ctx, log };
    // Written once the handler has sent its acknowledgement on its way: nothing before the defer.
    setImmediate(() => {
      if (i.isChatInputCommand()) log.info({ command: i.commandName }, 'interaction received');
      else if (i.isButton()) log.info({ customId: i.customId }, 'interaction received');
    });
    const run = async () => {
      if (i.isChatInputCommand()) await dispatchCommand(i, ictx);
      else if (i.isAutocomplete()) await handleAutocomplete(i, ictx);
      else if (i.isButton()) await handleButton(i, ictx);
    };
    run().catch((err) => log.error({ err }, 'interaction failed'));
  });
  client.rest.on('rateLimited', (info) =>
    ctx.log.info(
      { route: info.route, retryAfter: info.retryAfter, scope: info.scope },
      'rate limited by Discord',
    ),
  );
  client.on(Events.Error, (err) => ctx.log.error({ err }, 'discord client error'));
}

/** Logs in and resolves once the client is ready. */
export async function login(client: Client, token: string): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
}
