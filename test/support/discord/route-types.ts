import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { Reply } from './http-kit.js';
import type { InteractionStore } from './interaction-store.js';
import type { MessageStore } from './message-store.js';
import type { RecordedFile, StandInOptions, ViolationError } from './types.js';
import type { World } from './world.js';

/** Options with every default filled in. */
export type ResolvedOptions = Required<StandInOptions>;

/** Everything the routes share. */
export interface StandInState {
  world: World;
  opts: ResolvedOptions;
  messages: MessageStore;
  interactions: InteractionStore;
  /** Registered commands: key `'global'` or a guild id. */
  commands: Map<string, APIApplicationCommand[]>;
  gatewayUrl: () => string;
}

/** One request as a route handler sees it. */
export interface RouteContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
  auth: boolean;
  state: StandInState;
  /** Records a violation for this request without failing it. */
  violate(kind: 'protocol' | 'limit', errors: ViolationError[]): void;
}

/** A REST route the stand-in serves. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** OpenAPI-style template, e.g. `/channels/{channel_id}/messages`. */
  template: string;
  /** `'bot'`: needs `Authorization: Bot <token>`; `'none'`: interaction routes, sent without it. */
  auth: 'bot' | 'none';
  /** Limits beyond the OpenAPI schema (content length, embeds, components...). */
  limits?: (ctx: RouteContext) => ViolationError[];
  /** Per-file size limit in bytes for uploads on this route. */
  fileLimit?: (ctx: RouteContext) => number;
  handle: (ctx: RouteContext) => Reply | Promise<Reply>;
}
