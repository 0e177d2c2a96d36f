#!/usr/bin/env node
// The answer-latency baseline: a discord.js client that only defers every interaction (no
// parsing, no Redis). DISCORD_TOKEN and DISCORD_API_BASE as for the real bot.
import { Client, Events, GatewayIntentBits } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_BASE },
});
client.on(Events.InteractionCreate, (i) => {
  if (i.isRepliable())
    i.deferReply({ flags: 64 }).catch((err) => console.error(`defer failed: ${err.message}`));
});
client.once(Events.ClientReady, () => console.error('defer bot ready'));
process.on('SIGTERM', () => client.destroy().finally(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
