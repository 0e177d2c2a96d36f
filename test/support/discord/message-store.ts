import {
  type APIAttachment,
  type APIMessage,
  type APIUser,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';
import type { RecordedFile, StoredMessage } from './types.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** How a new message comes to be. */
export interface NewMessage {
  channelId: string;
  author: APIUser;
  payload: unknown;
  files: RecordedFile[];
  type?: MessageType;
  webhookId?: string;
  applicationId?: string;
  interactionId?: string;
  interactionMetadata?: APIMessage['interaction_metadata'];
  /** Extra flags, e.g. LOADING for a deferred reply. */
  extraFlags?: number;
}

let componentIds = 0;
function withIds(components: unknown): APIMessage['components'] {
  const walk = (c: unknown): unknown => {
    const o = { ...obj(c) };
    if (typeof o.id !== 'number') o.id = ++componentIds;
    if (Array.isArray(o.components)) o.components = o.components.map(walk);
    return o;
  };
  return (Array.isArray(components) ? components.map(walk) : []) as APIMessage['components'];
}

function attachmentsFrom(payload: Obj, files: RecordedFile[], keep: APIAttachment[]): APIAttachment[] {
  const described = new Map<string, Obj>();
  for (const a of Array.isArray(payload.attachments) ? payload.attachments : [])
    described.set(String(obj(a).id), obj(a));
  const kept = Array.isArray(payload.attachments) ? keep.filter((a) => described.has(a.id)) : keep;
  const added = files.map((f, i): APIAttachment => {
    const index = /\[(\d+)\]/.exec(f.field)?.[1] ?? String(i);
    const meta = described.get(index) ?? {};
    const id = snowflake();
    const filename = typeof meta.filename === 'string' ? meta.filename : f.filename;
    const url = `https://cdn.discordapp.com/attachments/stand-in/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: f.size,
      url,
      proxy_url: url,
      content_type: f.contentType,
      ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    };
  });
  return [...kept, ...added];
}

/** Channel messages in memory, with every revision. */
export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  /** Messages of a channel (not deleted), oldest first. */
  inChannel(channelId: string): StoredMessage[] {
    return [...this.byId.values()].filter((m) => m.channelId === channelId && !m.deleted);
  }

  create(n: NewMessage): StoredMessage {
    const p = obj(n.payload);
    const now = Date.now();
    const id = snowflake(now);
    const flags = (Number(p.flags ?? 0) | (n.extraFlags ?? 0)) as MessageFlags;
    const message: APIMessage = {
      id,
      channel_id: n.channelId,
      author: n.author,
      content: typeof p.content === 'string' ? p.content : '',
      timestamp: new Date(now).toISOString(),
      edited_timestamp: null,
      tts: p.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: attachmentsFrom(p, n.files, []),
      embeds: (Array.isArray(p.embeds) ? p.embeds : []) as APIMessage['embeds'],
      pinned: false,
      type: n.type ?? MessageType.Default,
      flags,
      components: withIds(p.components),
      ...(n.webhookId ? { webhook_id: n.webhookId } : {}),
      ...(n.applicationId ? { application_id: n.applicationId } : {}),
      ...(n.interactionMetadata ? { interaction_metadata: n.interactionMetadata } : {}),
    };
    const stored: StoredMessage = {
      id,
      channelId: n.channelId,
      message,
      history: [],
      createdAt: now,
      lateEdits: 0,
      deleted: false,
      ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
      ...(n.interactionId ? { interactionId: n.interactionId } : {}),
    };
    this.snapshot(stored, now);
    this.byId.set(id, stored);
    return stored;
  }

  /**
   * Applies an edit; returns `'late-edit-limit'` (30046) when the message is older than `windowMs`
   * and has already had `lateLimit` such edits.
   */
  edit(
    m: StoredMessage,
    payload: unknown,
    files: RecordedFile[],
    windowMs: number,
    lateLimit: number,
  ): 'ok' | 'late-edit-limit' {
    const now = Date.now();
    const late = now - m.createdAt > windowMs;
    if (late && m.lateEdits >= lateLimit) return 'late-edit-limit';
    if (late) m.lateEdits++;
    const p = obj(payload);
    const msg = m.message;
    if ('content' in p) msg.content = typeof p.content === 'string' ? p.content : '';
    if ('embeds' in p) msg.embeds = (Array.isArray(p.embeds) ? p.embeds : []) as APIMessage['embeds'];
    if ('components' in p) msg.components = withIds(p.components);
    if ('attachments' in p || files.length > 0) msg.attachments = attachmentsFrom(p, files, msg.attachments);
    if ('flags' in p && typeof p.flags === 'number')
      msg.flags = ((msg.flags ?? 0) & ~MessageFlags.SuppressEmbeds) | (p.flags & MessageFlags.SuppressEmbeds);
    msg.flags = ((msg.flags ?? 0) & ~MessageFlags.Loading) as MessageFlags;
    msg.edited_timestamp = new Date(now).toISOString();
    this.snapshot(m, now);
    return 'ok';
  }

  delete(m: StoredMessage): void {
    m.deleted = true;
  }

  private snapshot(m: StoredMessage, at: number): void {
    const { content, embeds, components, attachments } = structuredClone(m.message);
    m.history.push({ at, content, embeds, components, attachments });
  }
}
