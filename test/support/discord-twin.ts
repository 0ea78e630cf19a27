import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType, type APIMessage } from 'discord.js';
import { DigitalDiscord } from 'discord-digital-twin';
import { TwinProxy } from './discord-twin-proxy.js';

export interface TwinSpec {
  readonly users: readonly string[];
  /** Text channels by name; threads name their parent (public unless `private`). */
  readonly channels: readonly { readonly name: string; readonly thread?: string; readonly private?: boolean }[];
}

interface TwinInternals {
  server: { httpServer: http.Server; gateway: { broadcast(event: string, data: unknown): void } } | null;
}

/**
 * discord-digital-twin, forced onto 127.0.0.1 (it calls `listen(0)` on all
 * interfaces; tests must not open ports to the network), with the proxy in
 * front that fills its gaps. The bot's REST goes through the proxy; the
 * gateway connects to the twin directly (also loopback).
 */
export class DiscordTwin {
  private constructor(
    readonly twin: DigitalDiscord,
    readonly proxy: TwinProxy,
    private readonly users: ReadonlyMap<string, string>,
    private readonly channels: ReadonlyMap<string, string>,
    /** Every INTERACTION_CREATE payload the twin broadcast, to deliver one again. */
    readonly interactions: Map<string, unknown>,
  ) {}

  static async start(spec: TwinSpec): Promise<DiscordTwin> {
    const ids = new Map(spec.channels.map((c) => [c.name, snowflake()]));
    const twin = new DigitalDiscord({
      guild: { name: 'Plenary test server' },
      channels: spec.channels.map((c) => ({ id: ids.get(c.name)!, name: c.name, type: c.thread ? (c.private ? ChannelType.PrivateThread : ChannelType.PublicThread) : ChannelType.GuildText, ...(c.thread ? { parentId: ids.get(c.thread)! } : {}) })),
      users: spec.users.map((username) => ({ username })),
    });
    await onLoopback(() => twin.start());
    const internals = (twin as unknown as TwinInternals).server!;
    const address = internals.httpServer.address() as AddressInfo;
    if (address.address !== '127.0.0.1') throw new Error(`the twin listens on ${address.address}, not loopback`);
    const interactions = new Map<string, unknown>();
    const broadcast = internals.gateway.broadcast.bind(internals.gateway);
    internals.gateway.broadcast = (event: string, data: unknown) => {
      if (event === 'INTERACTION_CREATE') interactions.set((data as { id: string }).id, data);
      broadcast(event, data);
    };
    const proxy = new TwinProxy(twin, `http://127.0.0.1:${address.port}`);
    await proxy.start();
    const users = new Map((await twin.prisma.user.findMany({ where: { bot: false } })).map((u) => [u.username, u.id]));
    return new DiscordTwin(twin, proxy, users, ids, interactions);
  }

  get api(): string {
    return this.proxy.api;
  }
  get guildId(): string {
    return this.twin.guildId;
  }
  get botUserId(): string {
    return this.twin.botUserId;
  }
  get twinAddress(): AddressInfo {
    return (this.twin as unknown as TwinInternals).server!.httpServer.address() as AddressInfo;
  }

  user(name: string): string {
    const id = this.users.get(name);
    if (!id) throw new Error(`no user ${name}`);
    return id;
  }

  channel(name: string): string {
    const id = this.channels.get(name);
    if (!id) throw new Error(`no channel ${name}`);
    return id;
  }

  nameOf(channelId: string): string | undefined {
    return [...this.channels].find(([, id]) => id === channelId)?.[0];
  }

  /** The same INTERACTION_CREATE again, as a gateway resume may deliver it. */
  redeliver(interactionId: string): void {
    const payload = this.interactions.get(interactionId);
    if (!payload) throw new Error(`interaction ${interactionId} was never delivered`);
    (this.twin as unknown as TwinInternals).server!.gateway.broadcast('INTERACTION_CREATE', payload);
  }

  /** What Discord will report as the member's permissions in the channel of their next interactions. */
  async setMemberPermissions(user: string, bits: bigint): Promise<void> {
    await this.twin.prisma.guildMember.update({ where: { guildId_userId: { guildId: this.guildId, userId: this.user(user) } }, data: { permissions: String(bits) } });
  }

  async messages(channel: string): Promise<APIMessage[]> {
    return this.twin.channel(this.channel(channel)).getMessages();
  }

  async message(channel: string, id: string): Promise<APIMessage> {
    const m = (await this.messages(channel)).find((x) => x.id === id);
    if (!m) throw new Error(`no message ${id} in ${channel}`);
    return m;
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
    await this.twin.stop();
  }
}

/** Runs `start` with bare-port `listen` calls bound to 127.0.0.1. */
async function onLoopback<T>(start: () => Promise<T>): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back below, and only ever called through apply(this)
  const original = http.Server.prototype.listen;
  http.Server.prototype.listen = function (this: http.Server, ...args: unknown[]) {
    if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
    return (original as (...a: unknown[]) => http.Server).apply(this, args);
  } as typeof original;
  try {
    return await start();
  } finally {
    http.Server.prototype.listen = original;
  }
}

let seq = 0n;
/** Snowflakes for seeded channels (the twin would make its own, but tests want them by name up front). */
function snowflake(): string {
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) + 1000n + seq++);
}
