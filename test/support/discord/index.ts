/**
 * A local Discord stand-in for end-to-end tests: REST under `/api/v10` plus a gateway, reached by an
 * unmodified discord.js Client through `rest: { api: standIn.apiBase }`. Every request body is checked
 * against Discord's OpenAPI description and Discord's documented limits; every call is recorded.
 */

export { loginClient } from './client-harness.js';
export type { OptionInput, OptionInputs } from './command-options.js';
export type { FaultControls } from './faults.js';
export type { ActorOptions, CommandOptions } from './interaction-payloads.js';
export type { CallFilter } from './recorder.js';
export { snowflake, snowflakeTime } from './snowflake.js';
export { type DiscordStandIn, type DispatchedInteraction, startDiscordStandIn } from './stand-in.js';
export type * from './types.js';
export { ALL_PERMISSIONS, EVERYONE_PERMISSIONS, type RoleKey, type UserKey, type World } from './world.js';
