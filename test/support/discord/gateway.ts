import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayDispatchEvents, GatewayOpcodes, type GatewayReadyDispatchData } from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { guildCreate, type World } from './world.js';

interface Session {
  ws: WebSocket;
  id: string;
  seq: number;
  ready: boolean;
}

/** Options of the gateway half of the stand-in. */
export interface GatewayOptions {
  world: World;
  token: string;
  url: () => string;
  heartbeatIntervalMs: number;
  log: (line: string) => void;
}

/**
 * The gateway: HELLO → IDENTIFY (token checked; wrong → close 4004) → READY + GUILD_CREATE; heartbeats
 * answered with op 11; RESUME answered with RESUMED for a known session; dispatches sent to every ready session.
 */
export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private readonly known = new Map<string, Session>();
  /** Every payload the clients sent, for tests that care (IDENTIFY properties, presence...). */
  readonly received: Array<{ op: number; d: unknown; at: number }> = [];

  constructor(private readonly opts: GatewayOptions) {}

  /** Hands an HTTP upgrade to the WebSocket server. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Number of sessions that received READY and are still open. */
  get readySessions(): number {
    return [...this.sessions].filter((s) => s.ready).length;
  }

  /** Sends a dispatch (op 0) to every ready session; returns how many got it. */
  dispatch(t: string, d: unknown): number {
    let n = 0;
    for (const s of this.sessions) {
      if (!s.ready) continue;
      this.send(s, { op: GatewayOpcodes.Dispatch, t, s: ++s.seq, d });
      n++;
    }
    return n;
  }

  /** Closes every connection (code 4000 unless told) so clients reconnect or give up. */
  disconnectAll(code = 4000): void {
    for (const s of this.sessions) s.ws.close(code, 'stand-in disconnect');
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
  }

  private send(s: Session, payload: unknown): void {
    s.ws.send(JSON.stringify(payload));
  }

  private accept(ws: WebSocket): void {
    const s: Session = { ws, id: randomBytes(16).toString('hex'), seq: 0, ready: false };
    this.sessions.add(s);
    ws.on('close', () => this.sessions.delete(s));
    ws.on('message', (raw) => this.onMessage(s, raw.toString()));
    this.send(s, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.opts.heartbeatIntervalMs } });
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.opts.token;
  }

  private onMessage(s: Session, raw: string): void {
    let msg: { op?: number; d?: Record<string, unknown> | null };
    try {
      msg = JSON.parse(raw);
    } catch {
      s.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    this.received.push({ op: msg.op ?? -1, d: msg.d, at: Date.now() });
    switch (msg.op) {
      case GatewayOpcodes.Heartbeat:
        this.send(s, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        if (!this.tokenOk(msg.d?.token)) {
          s.ws.close(4004, 'Authentication failed.');
          return;
        }
        this.ready(s);
        return;
      case GatewayOpcodes.Resume: {
        const old = this.known.get(String(msg.d?.session_id));
        if (!this.tokenOk(msg.d?.token) || !old) {
          this.send(s, { op: GatewayOpcodes.InvalidSession, d: false });
          return;
        }
        s.id = old.id;
        s.seq = Math.max(old.seq, Number(msg.d?.seq ?? 0));
        s.ready = true;
        this.known.set(s.id, s);
        this.send(s, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: ++s.seq, d: {} });
        return;
      }
      default:
        this.opts.log(`gateway: ignored op ${String(msg.op)}`);
    }
  }

  private ready(s: Session): void {
    const { world } = this.opts;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: world.users.bot,
      guilds: [{ id: world.guildId, unavailable: true }],
      session_id: s.id,
      resume_gateway_url: this.opts.url(),
      shard: [0, 1],
      application: { id: world.appId, flags: 0 as never, flags_new: '0' },
    };
    this.send(s, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Ready, s: ++s.seq, d: ready });
    this.send(s, {
      op: GatewayOpcodes.Dispatch,
      t: GatewayDispatchEvents.GuildCreate,
      s: ++s.seq,
      d: guildCreate(world),
    });
    s.ready = true;
    this.known.set(s.id, s);
  }
}
