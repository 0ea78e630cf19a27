import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayDispatchEvents, PermissionFlagsBits } from 'discord.js';
import type { DigitalDiscord } from 'discord-digital-twin';
import type { DiscordRateLimits } from './discord-rate-limits.js';

/** One REST request the bot made, as the proxy saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path after /api/v10, e.g. /channels/123/messages. */
  readonly path: string;
  readonly body: unknown;
  readonly files: readonly string[];
  /** Bytes of each file, in order. */
  readonly fileSizes: readonly number[];
  readonly at: number;
  status: number;
}

export interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  times: number;
}

type Json = Record<string, unknown>;
interface Reply {
  readonly status: number;
  readonly json?: unknown;
}

/** What the proxy needs from the twin beyond its public API (its gateway, to announce member changes). */
interface TwinInternals {
  server: { gateway: { broadcast(event: string, data: unknown): void } } | null;
}

/**
 * A small HTTP proxy on 127.0.0.1 in front of discord-digital-twin. The bot's
 * REST client talks to it; it records every request (so tests can check
 * allowed_mentions on everything posted), injects faults (429 with
 * Retry-After), and serves what the twin lacks, modelled on Discord's
 * documented behaviour: member roles, kicks, channel permission overwrites,
 * thread member lookup/removal, listing registered commands, message nonce
 * enforcement, roles created at the bottom of the list, and 50013 Missing
 * Permissions when the bot lacks Manage Roles / Kick Members or outranks
 * nothing. Everything else is forwarded to the twin unchanged.
 */
export class TwinProxy {
  readonly requests: RecordedRequest[] = [];
  /** Discord refuses a message whose files add up to more than this (40005 Request entity too large). */
  uploadLimit = 10 * 1024 * 1024;
  private readonly faults: Fault[] = [];
  private readonly overwrites = new Map<string, Map<string, Json>>();
  private readonly nonces = new Map<string, Reply>();
  private server: http.Server | null = null;
  private port = 0;
  /** When set, Discord's documented rate limits are enforced on every request before anything else. */
  limits: DiscordRateLimits | null = null;

  constructor(
    private readonly twin: DigitalDiscord,
    private readonly upstream: string,
  ) {}

  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      // The twin may stop while a request is on its way (test teardown): answer 502 instead of an unhandled rejection.
      this.handle(req, res).catch((e: unknown) => {
        if (process.env.PLENARY_E2E_DEBUG) console.info('proxy: upstream failed', req.method, req.url, e);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'twin unavailable', code: 0 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  address(): AddressInfo | null {
    return this.server?.address() as AddressInfo | null;
  }

  inject(f: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ ...f, times: f.times ?? 1 });
  }

  /** A moderator's overwrite, set as Discord's client would (the bot needs no permission for it). */
  setOverwrite(channelId: string, overwrite: { id: string; type: number; allow: bigint; deny: bigint } | null, targetId = overwrite?.id): void {
    const map = this.overwrites.get(channelId) ?? new Map<string, Json>();
    this.overwrites.set(channelId, map);
    if (overwrite) map.set(overwrite.id, { id: overwrite.id, type: overwrite.type, allow: String(overwrite.allow), deny: String(overwrite.deny) });
    else if (targetId) map.delete(targetId);
  }

  overwritesOf(channelId: string): Json[] {
    return [...(this.overwrites.get(channelId)?.values() ?? [])];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').replace(/^\/api\/v\d+/, '').split('?')[0] ?? '/';
    const { body, files, fileSizes, forward } = await decodeBody(raw, req.headers['content-type']);
    const record: RecordedRequest = { method, path, body, files, fileSizes, at: Date.now(), status: 0 };
    this.requests.push(record);
    const verdict = this.limits?.check(req.headers.authorization ?? '', method, path);
    for (const [k, v] of Object.entries(verdict?.headers ?? {})) res.setHeader(k, v);
    if (verdict?.status === 429) {
      record.status = 429;
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify(verdict.body));
      return;
    }
    const fault = this.faults.find((f) => f.times > 0 && f.method === method && f.path.test(path));
    let reply: Reply | null;
    if (fault) {
      fault.times--;
      reply = { status: fault.status, json: { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds ?? 1, global: false, code: 0 } };
      res.setHeader('Retry-After', String(fault.retryAfterSeconds ?? 1));
      res.setHeader('X-RateLimit-Limit', '5');
      res.setHeader('X-RateLimit-Remaining', '0');
      res.setHeader('X-RateLimit-Reset-After', String(fault.retryAfterSeconds ?? 1));
      res.setHeader('X-RateLimit-Bucket', 'proxy-fault');
      res.setHeader('X-RateLimit-Scope', 'user');
    } else if (fileSizes.reduce((n, b) => n + b, 0) > this.uploadLimit) {
      reply = error(413, 40005, 'Request entity too large');
    } else {
      reply = await this.local(method, path, body as Json);
    }
    if (reply) {
      record.status = reply.status;
      res.writeHead(reply.status, reply.json === undefined ? {} : { 'content-type': 'application/json' });
      res.end(reply.json === undefined ? undefined : JSON.stringify(reply.json));
      return;
    }
    const upstream = await fetch(`${this.upstream}${req.url ?? ''}`, {
      method,
      headers: { ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(forward ? { 'content-type': 'application/json' } : {}) },
      ...(forward && method !== 'GET' ? { body: forward } : {}),
    });
    const text = await upstream.text();
    record.status = upstream.status;
    let out = text;
    if (method === 'GET' && /^\/channels\/\d+$/.test(path) && upstream.ok) out = JSON.stringify({ ...(JSON.parse(text) as Json), permission_overwrites: this.overwritesOf(path.split('/')[2]!) });
    if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path) && upstream.ok) this.rememberNonce(path, body as Json, JSON.parse(text));
    if (method === 'POST' && /^\/guilds\/\d+\/roles$/.test(path) && upstream.ok) out = JSON.stringify(await this.toBottom(path.split('/')[2]!, JSON.parse(text) as Json));
    const headers: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) headers[k] = v;
    });
    res.writeHead(upstream.status, headers);
    res.end(out);
  }

  /** Routes served here instead of the twin; null: forward. */
  private async local(method: string, path: string, body: Json): Promise<Reply | null> {
    const p = path.split('/');
    const prisma = this.twin.prisma;
    // Autocomplete answers: at most 25 choices, names of 1-100 characters, string values of at most 100 (else 50035).
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path) && body.type === 8) {
      const choices = ((body.data as Json | undefined)?.choices ?? []) as Json[];
      const bad = choices.length > 25 || choices.some((c) => typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100 || (typeof c.value === 'string' && c.value.length > 100));
      if (bad) return error(400, 50035, 'Invalid Form Body (autocomplete choices)');
    }
    // Forms: text inputs take max_length 1-4000 and min_length 0-4000, and a pre-filled value must fit them (else 50035).
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path) && body.type === 9) {
      const rows = ((body.data as Json | undefined)?.components ?? []) as Json[];
      const inputs = rows.flatMap((r) => (r.components ?? []) as Json[]);
      const bad = inputs.some((c) => {
        const max = typeof c.max_length === 'number' ? c.max_length : 4000;
        const min = typeof c.min_length === 'number' ? c.min_length : 0;
        const value = typeof c.value === 'string' ? c.value : '';
        return max < 1 || max > 4000 || min < 0 || min > 4000 || min > max || value.length > max;
      });
      if (bad) return error(400, 50035, 'Invalid Form Body (text input lengths)');
    }
    // Posting needs View Channel (else 50001 Missing Access) and Send Messages / in Threads (else 50013), after overwrites.
    if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) {
      const denied = await this.cannotPost(p[2]!);
      if (denied) return denied;
    }
    // POST /channels/:c/messages with enforce_nonce: Discord returns the first message for a repeated nonce.
    if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path) && body.enforce_nonce === true && typeof body.nonce === 'string') {
      return this.nonces.get(`${path}:${body.nonce}`) ?? null;
    }
    if (method === 'POST' && /^\/guilds\/\d+\/roles$/.test(path)) {
      const denied = await this.lacks(p[2]!, PermissionFlagsBits.ManageRoles);
      if (denied) return denied;
    }
    // /guilds/:g/members/:u/roles/:r
    if (/^\/guilds\/\d+\/members\/\d+\/roles\/\d+$/.test(path) && (method === 'PUT' || method === 'DELETE')) {
      const [guildId, userId, roleId] = [p[2]!, p[4]!, p[6]!];
      const denied = await this.lacks(guildId, PermissionFlagsBits.ManageRoles, roleId);
      if (denied) return denied;
      const member = await prisma.guildMember.findUnique({ where: { guildId_userId: { guildId, userId } } });
      if (!member) return error(404, 10007, 'Unknown Member');
      if (!(await prisma.role.findFirst({ where: { id: roleId, guildId } }))) return error(404, 10011, 'Unknown Role');
      const roles = new Set(JSON.parse(member.roles) as string[]);
      if (method === 'PUT') roles.add(roleId);
      else roles.delete(roleId);
      await prisma.guildMember.update({ where: { guildId_userId: { guildId, userId } }, data: { roles: JSON.stringify([...roles]) } });
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      this.broadcast(GatewayDispatchEvents.GuildMemberUpdate, { guild_id: guildId, roles: [...roles], user: { id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: user.globalName }, joined_at: member.joinedAt.toISOString(), deaf: false, mute: false, flags: 0 });
      return { status: 204 };
    }
    // DELETE /guilds/:g/members/:u (kick)
    if (method === 'DELETE' && /^\/guilds\/\d+\/members\/\d+$/.test(path)) {
      const [guildId, userId] = [p[2]!, p[4]!];
      const denied = await this.lacks(guildId, PermissionFlagsBits.KickMembers);
      if (denied) return denied;
      const member = await prisma.guildMember.findUnique({ where: { guildId_userId: { guildId, userId } } });
      if (!member) return error(404, 10007, 'Unknown Member');
      await prisma.guildMember.delete({ where: { guildId_userId: { guildId, userId } } });
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      this.broadcast(GatewayDispatchEvents.GuildMemberRemove, { guild_id: guildId, user: { id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: user.globalName } });
      return { status: 204 };
    }
    // /channels/:c/permissions/:o
    if (/^\/channels\/\d+\/permissions\/\d+$/.test(path) && (method === 'PUT' || method === 'DELETE')) {
      const [channelId, targetId] = [p[2]!, p[4]!];
      const channel = await prisma.channel.findUnique({ where: { id: channelId } });
      if (!channel?.guildId) return error(404, 10003, 'Unknown Channel');
      const denied = await this.lacks(channel.guildId, PermissionFlagsBits.ManageRoles);
      if (denied) return denied;
      const map = this.overwrites.get(channelId) ?? new Map<string, Json>();
      this.overwrites.set(channelId, map);
      if (method === 'PUT') map.set(targetId, { id: targetId, type: body.type, allow: bits(body.allow), deny: bits(body.deny) });
      else map.delete(targetId);
      return { status: 204 };
    }
    // /channels/:t/thread-members/:u — the twin has PUT only. Discord: adding or removing needs the thread
    // unarchived (50083); adding needs Send Messages in Threads; removing needs Manage Threads, unless the bot
    // created the private thread (50013).
    if (/^\/channels\/\d+\/thread-members\/\d+$/.test(path) && (method === 'PUT' || method === 'DELETE')) {
      const thread = await prisma.channel.findUnique({ where: { id: p[2]! } });
      if (thread?.archived) return error(400, 50083, 'Thread is archived');
      const perms = await this.channelPermissions(p[2]!);
      if (perms !== null && method === 'PUT' && (perms & PermissionFlagsBits.SendMessagesInThreads) === 0n) return error(403, 50013, 'Missing Permissions');
      const creator = thread?.type === 12 && thread.ownerId === this.twin.botUserId;
      if (perms !== null && method === 'DELETE' && !creator && (perms & PermissionFlagsBits.ManageThreads) === 0n) return error(403, 50013, 'Missing Permissions');
      if (method === 'PUT') return null;
    }
    if (/^\/channels\/\d+\/thread-members\/\d+$/.test(path) && (method === 'GET' || method === 'DELETE')) {
      const where = { channelId_userId: { channelId: p[2]!, userId: p[4]! } };
      const found = await prisma.threadMember.findUnique({ where });
      if (!found) return error(404, 10007, 'Unknown Member');
      if (method === 'GET') return { status: 200, json: { id: found.channelId, user_id: found.userId, join_timestamp: found.joinedAt.toISOString(), flags: 0 } };
      await prisma.threadMember.delete({ where });
      return { status: 204 };
    }
    // POST /users/@me/channels: the DM channel with a user, the same one each time (the twin has no DMs).
    if (method === 'POST' && path === '/users/@me/channels' && typeof body.recipient_id === 'string') {
      const recipient = await prisma.user.findUnique({ where: { id: body.recipient_id } });
      if (!recipient) return error(400, 50007, 'Cannot send messages to this user');
      const id = `9${recipient.id}`.slice(0, 19);
      const existing = await prisma.channel.findUnique({ where: { id } });
      if (!existing) await prisma.channel.create({ data: { id, type: 1, name: `dm-${recipient.username}` } });
      return { status: 200, json: { id, type: 1, recipients: [{ id: recipient.id, username: recipient.username, discriminator: '0', avatar: null, global_name: recipient.globalName }] } };
    }
    // GET registered commands (global or guild): the twin can only fetch one by id.
    if (method === 'GET' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const rows = await prisma.applicationCommand.findMany({ where: { applicationId: p[2]!, guildId: p[3] === 'guilds' ? p[4]! : null } });
      return { status: 200, json: rows.map((r) => ({ id: r.id, application_id: r.applicationId, guild_id: r.guildId ?? undefined, name: r.name, description: r.description, type: r.type, options: JSON.parse(r.options) as unknown, version: r.version })) };
    }
    return null;
  }

  private rememberNonce(path: string, body: Json, message: unknown): void {
    if (body.enforce_nonce === true && typeof body.nonce === 'string') this.nonces.set(`${path}:${body.nonce}`, { status: 200, json: message });
  }

  /** Discord creates a role at the bottom of the list (just above @everyone), so the bot's own role stays above it. */
  private async toBottom(guildId: string, role: Json): Promise<Json> {
    const prisma = this.twin.prisma;
    const others = await prisma.role.findMany({ where: { guildId, id: { notIn: [guildId, String(role.id)] } } });
    for (const r of others) await prisma.role.update({ where: { id: r.id }, data: { position: r.position + 1 } });
    await prisma.role.update({ where: { id: String(role.id) }, data: { position: 1 } });
    return { ...role, position: 1 };
  }

  /** 403 Missing Permissions unless the bot has `flag` (or Administrator) and, for a role, outranks it. */
  private async lacks(guildId: string, flag: bigint, roleId?: string): Promise<Reply | null> {
    const prisma = this.twin.prisma;
    const me = await prisma.guildMember.findUnique({ where: { guildId_userId: { guildId, userId: this.twin.botUserId } } });
    const mine = new Set([guildId, ...(JSON.parse(me?.roles ?? '[]') as string[])]);
    const roles = (await prisma.role.findMany({ where: { guildId } })).filter((r) => mine.has(r.id));
    const perms = roles.reduce((n, r) => n | BigInt(r.permissions), 0n);
    if ((perms & PermissionFlagsBits.Administrator) === 0n && (perms & flag) === 0n) return error(403, 50013, 'Missing Permissions');
    if (roleId) {
      const target = await prisma.role.findUnique({ where: { id: roleId } });
      const top = Math.max(0, ...roles.map((r) => r.position));
      if (target && target.position >= top) return error(403, 50013, 'Missing Permissions');
    }
    return null;
  }

  /**
   * The bot's permissions in a channel as Discord computes them: its roles'
   * (with @everyone), then the channel's overwrites (a thread takes its
   * parent's): @everyone, the roles together, the member. Null: no such channel.
   */
  async channelPermissions(channelId: string): Promise<bigint | null> {
    const prisma = this.twin.prisma;
    const channel = await prisma.channel.findUnique({ where: { id: channelId } });
    if (!channel?.guildId) return null;
    const guildId = channel.guildId;
    const me = await prisma.guildMember.findUnique({ where: { guildId_userId: { guildId, userId: this.twin.botUserId } } });
    const mine = new Set([guildId, ...(JSON.parse(me?.roles ?? '[]') as string[])]);
    let perms = (await prisma.role.findMany({ where: { guildId } })).filter((r) => mine.has(r.id)).reduce((n, r) => n | BigInt(r.permissions), 0n);
    if ((perms & PermissionFlagsBits.Administrator) !== 0n) return perms;
    const overwrites = this.overwrites.get(channel.parentId && isThreadType(channel.type) ? channel.parentId : channelId);
    const apply = (o: Json | undefined) => {
      if (o) perms = (perms & ~BigInt(bits(o.deny))) | BigInt(bits(o.allow));
    };
    apply(overwrites?.get(guildId));
    const roles = [...(overwrites?.values() ?? [])].filter((o) => o.id !== guildId && mine.has(String(o.id)));
    apply({ deny: String(roles.reduce((n, o) => n | BigInt(bits(o.deny)), 0n)), allow: String(roles.reduce((n, o) => n | BigInt(bits(o.allow)), 0n)) });
    apply(overwrites?.get(this.twin.botUserId));
    return perms;
  }

  private async cannotPost(channelId: string): Promise<Reply | null> {
    const perms = await this.channelPermissions(channelId);
    if (perms === null) return null; // the twin answers 10003 Unknown Channel itself
    const channel = await this.twin.prisma.channel.findUniqueOrThrow({ where: { id: channelId } });
    if ((perms & PermissionFlagsBits.ViewChannel) === 0n) return error(403, 50001, 'Missing Access');
    const send = isThreadType(channel.type) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
    if ((perms & send) === 0n) return error(403, 50013, 'Missing Permissions');
    return null;
  }

  private broadcast(event: string, data: unknown): void {
    (this.twin as unknown as TwinInternals).server?.gateway.broadcast(event, data);
  }
}

/** Announcement, public and private threads. */
const isThreadType = (type: number): boolean => type === 10 || type === 11 || type === 12;

function error(status: number, code: number, message: string): Reply {
  return { status, json: { code, message, errors: {} } };
}

const bits = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : '0');

/** JSON bodies as they are; multipart (files) becomes its payload_json, which the twin can read, plus the file names. */
function decodeBody(raw: Buffer, type: string | undefined): Promise<{ body: unknown; files: string[]; fileSizes: number[]; forward: string | null }> {
  if (raw.length === 0) return Promise.resolve({ body: null, files: [], fileSizes: [], forward: null });
  const boundary = type?.startsWith('multipart/form-data') ? /boundary=(?:"([^"]+)"|([^;]+))/.exec(type) : null;
  if (boundary) {
    const { payload, files, fileSizes } = multipart(raw.toString('latin1'), boundary[1] ?? boundary[2] ?? '');
    const text = Buffer.from(payload ?? '{}', 'latin1').toString('utf8');
    return Promise.resolve({ body: JSON.parse(text) as unknown, files, fileSizes, forward: text });
  }
  const text = raw.toString('utf8');
  try {
    return Promise.resolve({ body: JSON.parse(text) as unknown, files: [], fileSizes: [], forward: text });
  } catch {
    return Promise.resolve({ body: text, files: [], fileSizes: [], forward: text });
  }
}

/** Just enough multipart/form-data for discord.js uploads: the payload_json part and the file names. */
function multipart(body: string, boundary: string): { payload: string | undefined; files: string[]; fileSizes: number[] } {
  let payload: string | undefined;
  const files: string[] = [];
  const fileSizes: number[] = [];
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) {
      files.push(Buffer.from(filename, 'latin1').toString('utf8'));
      // latin1: one character per byte; the part ends with CRLF before the next boundary.
      fileSizes.push(part.length - split - 4 - (part.endsWith('\r\n') ? 2 : 0));
    }
    else if (name === 'payload_json') payload = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return { payload, files, fileSizes };
}
