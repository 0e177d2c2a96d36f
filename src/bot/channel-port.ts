import { type REST, Routes } from 'discord.js';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { ChannelHealth } from './channel-health.js';

/** A file to upload with a message. */
export interface OutFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export type MessageBody = RESTPostAPIChannelMessageJSONBody;

/**
 * Channel messages with the bot token: they never expire, unlike the 15-minute interaction
 * token. Rate limits (429) are absorbed by @discordjs/rest's queues.
 */
export interface ChannelPort {
  post(channelId: string, body: MessageBody, files?: OutFile[]): Promise<{ id: string; createdAt: number }>;
  edit(channelId: string, messageId: string, body: MessageBody): Promise<void>;
  /** The channel's latest messages (at most `limit`, newest first) that the bot itself wrote. */
  recentOwn(channelId: string, limit: number): Promise<{ id: string; content: string }[]>;
  /** A link to a message, for "continued in…" notes. */
  link(channelId: string, messageId: string): string;
}

/**
 * The ChannelPort over discord.js's REST client. `botUserId` reads the bot's user id from the
 * gateway session (READY's `user`, discord.js `client.user`): it is not always the application id.
 */
export function restChannelPort(rest: REST, guildId: string, botUserId: () => string): ChannelPort {
  return {
    async post(channelId, body, files = []) {
      const res = (await rest.post(Routes.channelMessages(channelId), {
        body: files.length
          ? { ...body, attachments: files.map((f, i) => ({ id: String(i), filename: f.name })) }
          : body,
        files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
      })) as { id: string; timestamp?: string };
      const createdAt = res.timestamp ? Date.parse(res.timestamp) : Date.now();
      return { id: res.id, createdAt: Number.isNaN(createdAt) ? Date.now() : createdAt };
    },
    async edit(channelId, messageId, body) {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body });
    },
    async recentOwn(channelId, limit) {
      const list = (await rest.get(Routes.channelMessages(channelId), {
        query: new URLSearchParams({ limit: String(Math.min(100, Math.max(1, limit))) }),
      })) as { id: string; content?: string; author?: { id?: string } }[];
      return list
        .filter((m) => m.author?.id === botUserId())
        .map((m) => ({ id: m.id, content: m.content ?? '' }));
    },
    link: (channelId, messageId) => `https://discord.com/channels/${guildId}/${channelId}/${messageId}`,
  };
}

/** Posting in a channel is suspended (see {@link ChannelHealth}): the request was not sent. */
export class ChannelUnavailable extends Error {
  readonly status = 403;
  readonly suspended = true;
  constructor(readonly channelId: string) {
    super(`posting in channel ${channelId} is suspended (the bot was refused there)`);
    this.name = 'ChannelUnavailable';
  }
}

/** The HTTP status and Discord code of a REST error (0 / undefined when it has none). */
export function discordFailure(err: unknown): { status: number; code: unknown } {
  const e = err as { status?: unknown; code?: unknown };
  return { status: Number(e?.status ?? 0) || 0, code: e?.code };
}

/**
 * A port that stops sending to channels that refuse the bot: a suspended channel fails at once
 * with {@link ChannelUnavailable}, and every answer feeds `health`.
 */
export function guardedPort(port: ChannelPort, health: ChannelHealth): ChannelPort {
  const guard = async <T>(channelId: string, call: () => Promise<T>): Promise<T> => {
    if (health.suspended(channelId)) throw new ChannelUnavailable(channelId);
    try {
      const out = await call();
      health.ok(channelId);
      return out;
    } catch (err) {
      const { status, code } = discordFailure(err);
      health.refused(channelId, status, code);
      throw err;
    }
  };
  return {
    post: (channelId, body, files) => guard(channelId, () => port.post(channelId, body, files)),
    edit: (channelId, messageId, body) => guard(channelId, () => port.edit(channelId, messageId, body)),
    recentOwn: (channelId, limit) => guard(channelId, () => port.recentOwn(channelId, limit)),
    link: port.link,
  };
}

/**
 * The port of a bot that may lose its leadership (see `leader.ts`). While the lease is not
 * known valid (Redis away longer than the lease, or this process was paused) a call waits
 * until it is; once another bot holds the lease, a call writes nothing: it calls `onFenced`
 * and never settles, so no error path of the caller runs either (no record is touched), and
 * the process is then stopped.
 */
export function fencedPort(
  port: ChannelPort,
  lease: { isLeader(): boolean; isLost(): boolean; whenLeader(): Promise<void> },
  onFenced: () => void,
): ChannelPort {
  const fence = async <T>(call: () => Promise<T>): Promise<T> => {
    if (!lease.isLeader()) await lease.whenLeader();
    if (lease.isLost()) {
      onFenced();
      return new Promise<T>(() => {});
    }
    return call();
  };
  return {
    post: (channelId, body, files) => fence(() => port.post(channelId, body, files)),
    edit: (channelId, messageId, body) => fence(() => port.edit(channelId, messageId, body)),
    recentOwn: (channelId, limit) => fence(() => port.recentOwn(channelId, limit)),
    link: port.link,
  };
}
