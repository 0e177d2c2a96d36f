import { Client, type ClientOptions, Events, GatewayIntentBits } from 'discord.js';
import type { DiscordStandIn } from './stand-in.js';

/**
 * Creates an unmodified discord.js Client pointed at the stand-in, logs it in and resolves once it
 * emitted `clientReady`. The caller destroys it (`await client.destroy()`).
 */
export async function loginClient(
  standIn: DiscordStandIn,
  options: Partial<ClientOptions> = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...options,
    rest: { ...options.rest, api: standIn.apiBase },
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, (c) => resolve(c)));
  await client.login(standIn.token);
  return ready;
}
