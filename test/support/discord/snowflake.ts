/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * Makes a real-looking snowflake (19 digits for current dates) from a timestamp, so that
 * `@discordjs/rest` picks per-resource queues (its major-parameter regex wants 17–19 digits)
 * and `createdTimestamp` getters in discord.js give sensible dates.
 */
export function snowflake(timestampMs: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  const ms = BigInt(Math.floor(timestampMs)) - DISCORD_EPOCH;
  return ((ms << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** The creation time encoded in a snowflake, in milliseconds since the Unix epoch. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
