import type { APIMessage } from 'discord-api-types/v10';

/**
 * Selects REST routes: `'POST /channels/{channel_id}/messages'` (also `:id` style, or without the
 * method), a RegExp tested against `'METHOD /raw/path'`, or a predicate.
 */
export type RouteMatcher =
  | string
  | RegExp
  | ((req: { method: string; route: string | null; path: string; body?: unknown }) => boolean);

/** A file part of a multipart request. */
export interface RecordedFile {
  field: string;
  filename: string;
  size: number;
  contentType: string;
  data: Buffer;
}

/** One REST call as the stand-in saw and answered it. */
export interface RecordedCall {
  seq: number;
  method: string;
  /** Decoded path below `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** OpenAPI path template, e.g. `/channels/{channel_id}/messages`; null if unknown. */
  route: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body); undefined when empty. */
  body: unknown;
  files: RecordedFile[];
  /** Whether an `Authorization` header was sent. */
  auth: boolean;
  at: number;
  /** 0 when the stand-in never answered (a planned no-answer fault). */
  status: number;
  /** Set when the answer was an injected fault. */
  fault?: 'rate-limit' | 'server-error' | 'no-answer';
  /** The JSON the stand-in answered with (undefined for 204). */
  response?: unknown;
}

/** One problem in a request: where (JSON path) and what. */
export interface ViolationError {
  path: string;
  message: string;
  code?: string;
}

/** A request that real Discord would have refused or that the stand-in cannot serve. */
export interface Violation {
  at: number;
  method: string;
  path: string;
  route: string | null;
  kind: 'schema' | 'limit' | 'protocol' | 'unsupported' | 'auth' | 'invalid-request-ban';
  errors: ViolationError[];
  body: unknown;
}

/** One state of a message (its creation or an edit). */
export interface MessageRevision {
  at: number;
  content: string;
  embeds: APIMessage['embeds'];
  components: APIMessage['components'];
  attachments: APIMessage['attachments'];
}

/** A message the stand-in holds, with its history. */
export interface StoredMessage {
  id: string;
  channelId: string;
  message: APIMessage;
  /** Creation first, then one entry per edit. */
  history: MessageRevision[];
  createdAt: number;
  /** Edits made while the message was older than the edit window. */
  lateEdits: number;
  deleted: boolean;
  ephemeral: boolean;
  /** The interaction whose response or followup this is, if any. */
  interactionId?: string;
  /** The `nonce` it was created with, if any (for `enforce_nonce`). */
  nonce?: string;
}

/** What the bot answered to one interaction. */
export interface InteractionResponseView {
  interactionId: string;
  callbackType: number | null;
  callbackBody: unknown;
  callbackAt: number | null;
  original: StoredMessage | undefined;
  followups: StoredMessage[];
  /** Choices sent for an autocomplete interaction (callback type 8). */
  choices: unknown[] | undefined;
}

/** Options of {@link startDiscordStandIn}. */
export interface StandInOptions {
  /** Bot token the client must present (default a fixed fake token). */
  token?: string;
  /** Time to the first interaction response (default 3000 ms); later → 10062. */
  interactionDeadlineMs?: number;
  /** Interaction token lifetime (default 15 min); later webhook calls → 401/50027. */
  tokenLifetimeMs?: number;
  /** Age after which edits count against {@link StandInOptions.lateEditLimit} (default 1 h). */
  editWindowMs?: number;
  /** Edits allowed per message once it is older than the edit window (default 5); more → 429/30046. */
  lateEditLimit?: number;
  /** `retry_after` of a 30046 answer (default 30 s). */
  lateEditRetryAfterMs?: number;
  /** How long `enforce_nonce` remembers a nonce ("the past few minutes"; default 5 min). */
  nonceWindowMs?: number;
  /** 401/403/429 answers per 10 minutes that get the client banned (default 10,000, as Discord). */
  invalidRequestLimit?: number;
  /** Extra text channels after `#lab` and `#team-2`, e.g. one whose overwrite denies the bot Send Messages. */
  channels?: import('./world.js').ExtraChannel[];
  /** The bot user's id differs from the application id (READY's `user.id` is the one to use). */
  distinctBotUser?: boolean;
  /** Names of more roles (no permissions) the guild has, e.g. one per team. */
  roles?: string[];
  /** The guild's boost tier 0–3 (default 0): sets the bot's per-file upload limit in channels. */
  premiumTier?: 0 | 1 | 2 | 3;
  /** Answer invalid bodies like Discord (400/50035, 413/40005) instead of only recording them (default true). */
  strict?: boolean;
  /** Per-file limit of interaction responses when the interaction carries none (default 10 MiB). */
  attachmentSizeLimit?: number;
  /** Gateway heartbeat interval sent in HELLO (default 41250 ms). */
  heartbeatIntervalMs?: number;
  /** Log each call to stderr (default false). */
  log?: boolean;
}
