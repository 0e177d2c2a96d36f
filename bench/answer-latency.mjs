// Answer latency: interactions sent by the Discord stand-in to a real `labops bot` process,
// until the deferred answer (the interaction callback) reaches the stand-in; p50 and p99 of
// N interactions, C at a time. Baseline: the same stand-in and load against a discord.js
// client that only defers (bench/defer-bot.mjs).
import { join } from 'node:path';
import { stats } from './lib.mjs';
import { benchKeys, callbackWatcher, daemon, root, startBotProcess, startStandIn } from './world.mjs';

export async function answerLatency(redisUrl, { n = 200, concurrency = 20 } = {}) {
  const keys = benchKeys();
  const labops = await measure(n, concurrency, (standIn) => startBotProcess({ standIn, redisUrl, keys }));
  const baseline = await measure(n, concurrency, (standIn) =>
    daemon(
      [process.execPath, join(root, 'bench', 'defer-bot.mjs')],
      { PATH: process.env.PATH ?? '', DISCORD_TOKEN: standIn.token, DISCORD_API_BASE: standIn.apiBase },
      /defer bot ready/,
    ),
  );
  return { labops, baseline };
}

async function measure(n, concurrency, startBot) {
  const standIn = await startStandIn({ interactionDeadlineMs: 60_000 });
  const bot = await startBot(standIn);
  const watch = callbackWatcher(standIn);
  const samples = [];
  let next = 0;
  try {
    // A few to warm up (first REST connection, first enqueue), not counted.
    for (let i = 0; i < 3; i++) await one(standIn, watch, i);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) samples.push(await one(standIn, watch, next++));
      }),
    );
  } finally {
    watch.stop();
    await bot.stop();
    await standIn.close();
  }
  return stats(samples);
}

async function one(standIn, watch, i) {
  const sent = Date.now();
  const { id } = await standIn.dispatchCommand({
    name: 'ping',
    options: { message: `b${i}` },
    user: 'student',
  });
  return (await watch.wait(id)) - sent;
}
