import type { AutocompleteInteraction } from 'discord.js';
import type { Redis } from 'ioredis';
import { findCommand } from '../commands/index.js';
import type { OptionDefinition } from '../commands/types.js';
import { queueOf } from '../services/access-config.js';
import { actorOf } from './actor.js';
import type { BotContext } from './context.js';
import { teamOf } from './permissions.js';
import { botKeys } from './state-keys.js';

type CacheKind = NonNullable<OptionDefinition['autocomplete']>;

/** What the choices fall back to while the runner has not filled the cache. */
export const DEFAULT_CHOICES: Record<CacheKind, string[]> = {
  deployments: ['hello-node'],
  tags: ['v1', 'v2'],
  pods: [],
};

/** Budget for reading the cache: autocomplete must be answered within 3 s and cannot be deferred. */
const READ_BUDGET_MS = 800;

/**
 * Reads the runner-filled cache `labops:<queue>:cache:<kind>`: a Redis SET of names, or a
 * string holding a JSON array of names (or of `{name}` objects). The runner
 * (`src/runners/lab-cache.ts`) writes SETs with a TTL, so a dead runner's names age out and
 * the defaults come back.
 */
export async function readChoices(redis: Redis, queue: string, kind: CacheKind): Promise<string[]> {
  const key = botKeys.cache(queue, kind);
  const type = await redis.type(key);
  let names: unknown[] = [];
  if (type === 'set') names = await redis.smembers(key);
  else if (type === 'string') {
    const parsed: unknown = JSON.parse((await redis.get(key)) ?? '[]');
    if (Array.isArray(parsed)) names = parsed;
  }
  const out = names
    .map((n) =>
      typeof n === 'string' ? n : typeof n === 'object' && n ? (n as { name?: unknown }).name : null,
    )
    .filter((n): n is string => typeof n === 'string' && n.length > 0 && n.length <= 100);
  return out.length ? [...new Set(out)].sort() : DEFAULT_CHOICES[kind];
}

/** Filters names by what is typed (prefix matches first) and keeps Discord's 25. */
export function pickChoices(names: string[], typed: string): string[] {
  const q = typed.toLowerCase();
  const starts = names.filter((n) => n.toLowerCase().startsWith(q));
  const contains = names.filter((n) => !n.toLowerCase().startsWith(q) && n.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, 25);
}

/** Answers an autocomplete interaction from the cache, within its budget, never with more than 25 choices. */
export async function handleAutocomplete(i: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const focused = i.options.getFocused(true);
  const def = findCommand(i.commandName);
  const sub = i.options.getSubcommand(false);
  const opts = sub ? def?.subcommands?.find((s) => s.name === sub)?.options : def?.options;
  const kind = opts?.find((o) => o.name === focused.name)?.autocomplete;
  if (!kind) return void (await i.respond([]));
  const wanted = i.options.getString('team', false) ?? undefined;
  const queue = queueOf(teamOf(ctx.access, actorOf(i).roleIds, wanted));
  const timeout = new Promise<string[]>((r) =>
    setTimeout(() => r(DEFAULT_CHOICES[kind]), READ_BUDGET_MS).unref(),
  );
  const names = await Promise.race([
    readChoices(ctx.redis, queue, kind).catch(() => DEFAULT_CHOICES[kind]),
    timeout,
  ]);
  const picked = pickChoices(names, String(focused.value ?? ''));
  await i.respond(picked.map((n) => ({ name: n, value: n })));
}
