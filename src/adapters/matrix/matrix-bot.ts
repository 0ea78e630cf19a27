import { randomUUID } from 'node:crypto';
import { DEFAULT_LANGUAGE, speechFor } from '../../core/i18n/index.js';
import { personal, type OutMessage } from '../../core/messages/message.js';
import type { Actor } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { declineReason, describeAutojoin, mayJoin, type AutojoinPolicy } from './autojoin-policy.js';
import type { CommandHandler } from './command-handler.js';
import type { DirectRooms } from './direct-rooms.js';
import { serverOf, type Invite, type RoomEvent } from './matrix-events.js';
import type { PollHandler } from './poll-handler.js';
import type { Replies } from './replies.js';
import type { RoomWords } from './room-speech.js';
import type { InboundBatch, MatrixTransport } from './sync-transport.js';

/** The greeting in a room the bot just joined: no assembly speaks there yet, so the deployment's default language. */
export function greeting(direct: boolean, language = DEFAULT_LANGUAGE): OutMessage {
  const t = speechFor(language);
  return personal(t.t('matrix.greeting.title'), direct ? t.t('matrix.greeting.dm') : t.t('matrix.greeting.room'));
}

export interface MatrixBotOptions {
  readonly transport: MatrixTransport;
  readonly commands: CommandHandler;
  readonly polls: PollHandler;
  readonly replies: Replies;
  readonly dms: DirectRooms;
  readonly autojoin: AutojoinPolicy;
  /** The language of the greeting (PLENARY_DEFAULT_LANGUAGE); unset: English. */
  readonly defaultLanguage?: string;
  /** The words of a room for the bot's own notices there (its assembly's language, else the default language). */
  readonly words?: RoomWords;
  /**
   * Whether the transport decrypts end-to-end encrypted events (E2eeMatrixApi):
   * an `m.room.encrypted` event that still arrives is one it could not decrypt,
   * and its sender is told why. Without it, an encrypted room is told once that
   * the bot cannot read it.
   */
  readonly decrypts?: boolean;
  /** Senders never answered and inviters never followed: the bot itself and MATRIX_IGNORE_USERS. */
  readonly ignore?: ReadonlySet<string>;
  readonly log: Logger;
  readonly newRequestId?: () => string;
  /** People handled at once; one person's events are always handled in order. */
  readonly concurrency?: number;
}

/**
 * The Matrix bot's inbound side: takes batches from the transport, accepts
 * invitations the policy allows, and hands commands and poll answers to
 * their handlers. People are served concurrently (ballots from many voters
 * then share a commit in the core), each person's events in order (so a
 * changed answer lands after the first). Anything thrown is caught here,
 * logged with a request id, and the person is shown that id.
 */
export class MatrixBot {
  private running: Promise<void> | null = null;
  private readonly names = new Map<string, string>();
  /** Encrypted rooms already told that the bot cannot read them (once per room and process). */
  private readonly encryptedToldIn = new Set<string>();
  /** Undecryptable messages already answered, by room, sender and megolm session: one notice, not one per message. */
  private readonly undecryptableTold = new Set<string>();

  private readonly words: RoomWords;

  constructor(private readonly o: MatrixBotOptions) {
    const fallback = speechFor(o.defaultLanguage ?? DEFAULT_LANGUAGE);
    this.words = o.words ?? (() => Promise.resolve(fallback));
  }

  get userId(): string {
    return this.o.transport.api.userId;
  }

  start(): void {
    if (this.running) return;
    this.running = this.o.transport.run((batch) => this.handle(batch));
  }

  async stop(): Promise<void> {
    await this.o.transport.stop();
    await this.running;
    this.running = null;
  }

  async handle(batch: InboundBatch): Promise<void> {
    for (const [user, name] of batch.displayNames) this.rememberName(user, name);
    const ignored = this.o.ignore ?? new Set([this.userId]);
    for (const invite of batch.invites) await this.onInvite(invite, ignored.has(invite.inviter));
    const bySender = new Map<string, RoomEvent[]>();
    for (const e of batch.events) {
      if (ignored.has(e.sender)) continue;
      if (!this.o.commands.isCommand(e) && !this.o.polls.isPollResponse(e) && !this.isUnreadable(e)) continue;
      bySender.set(e.sender, [...(bySender.get(e.sender) ?? []), e]);
    }
    const queues = [...bySender.values()];
    const workers = Array.from({ length: Math.min(this.o.concurrency ?? 16, queues.length) }, async () => {
      for (let q = queues.shift(); q; q = queues.shift()) for (const e of q) await this.onEvent(e);
    });
    await Promise.all(workers);
  }

  private async onInvite(invite: Invite, ignoredInviter: boolean): Promise<void> {
    const { roomId, inviter } = invite;
    try {
      if (ignoredInviter || !mayJoin(this.o.autojoin, roomId, inviter, serverOf(this.userId))) {
        this.o.log.info({ roomId, inviter, policy: describeAutojoin(this.o.autojoin, serverOf(this.userId)) }, 'declined an invitation (MATRIX_AUTOJOIN)');
        await this.o.transport.api.leave(roomId, declineReason(this.o.defaultLanguage));
        return;
      }
      await this.o.transport.api.join(roomId);
      if (invite.isDirect) await this.o.dms.remember(inviter, roomId);
      this.o.log.info({ roomId, inviter, direct: invite.isDirect }, 'joined a room on invitation');
      // Commands typed before the bot arrived are not answered (they were not addressed to it); the
      // greeting shows people when it is listening.
      await this.o.replies.say(roomId, greeting(invite.isDirect, this.o.defaultLanguage), `greeting:${roomId}`);
    } catch (e) {
      this.o.log.warn({ err: e, roomId, inviter }, 'could not act on an invitation');
    }
  }

  private async onEvent(e: RoomEvent): Promise<void> {
    const requestId = this.o.newRequestId?.() ?? randomUUID().slice(0, 8);
    const actor: Actor = { platform: 'matrix', externalId: e.sender, displayName: this.names.get(e.sender) ?? e.sender };
    try {
      if (this.isUnreadable(e)) await (this.o.decrypts ? this.onUndecryptable(e) : this.onEncrypted(e));
      else if (this.o.polls.isPollResponse(e)) await this.o.polls.handle(e, actor, requestId);
      else await this.o.commands.handle(e, actor, requestId);
    } catch (err) {
      this.o.log.error({ err, requestId, roomId: e.roomId, event: e.eventId }, 'handling a Matrix event failed');
      try {
        const t = await this.words(e.roomId);
        const sorry = personal(t.t('adapter.internalError.title'), t.t('adapter.internalError.short', { id: requestId }), { tone: 'error' });
        if (this.o.polls.isPollResponse(e)) await this.o.replies.privately(e.sender, sorry, `error:${e.eventId}`);
        else await this.o.replies.inRoom(e, sorry, `error:${e.eventId}`);
      } catch (again) {
        this.o.log.error({ err: again, requestId }, 'could not even report the failure');
      }
    }
  }

  private isUnreadable(e: RoomEvent): boolean {
    if (e.type !== 'm.room.encrypted') return false;
    return this.o.decrypts ? !this.undecryptableTold.has(undecryptableKey(e)) : !this.encryptedToldIn.has(e.roomId);
  }

  /**
   * A message the bot's crypto could not decrypt (no key for it reached the
   * bot's device): the sender is told why, in the room, once per megolm
   * session. Only the sender's ids reach the log, never content.
   */
  private async onUndecryptable(e: RoomEvent): Promise<void> {
    const key = undecryptableKey(e);
    this.undecryptableTold.add(key);
    if (this.undecryptableTold.size > 10_000) this.undecryptableTold.delete(this.undecryptableTold.values().next().value ?? key);
    this.o.log.warn({ roomId: e.roomId, event: e.eventId, sender: e.sender }, 'could not decrypt a message; told its sender');
    const t = await this.words(e.roomId);
    const notice = personal(t.t('adapter.matrix.unreadable.title'), t.t('adapter.matrix.unreadable.body', { why: e.undecryptable ?? t.t('adapter.matrix.unreadable.unknown') }), { tone: 'warning' });
    await this.o.replies.inRoom(e, notice, `undecryptable:${e.eventId}`);
  }

  /**
   * The bot does not do end-to-end encryption, and Element encrypts new
   * private rooms and DMs by default. Rather than ignore people, it says so
   * once per room and, where the room is a DM, opens an unencrypted one.
   */
  private async onEncrypted(e: RoomEvent): Promise<void> {
    this.encryptedToldIn.add(e.roomId);
    const direct = await this.o.replies.isPrivateRoom(e.roomId);
    const t = await this.words(e.roomId);
    const notice = personal(t.t('adapter.matrix.encrypted.title'), t.t('adapter.matrix.encrypted.body', { direct: direct ? 'yes' : 'no' }), { tone: 'warning' });
    await this.o.replies.inRoom(e, notice, `encrypted:${e.eventId}`);
    if (direct) await this.o.replies.privately(e.sender, personal(t.t('adapter.matrix.directChat.title'), t.t('adapter.matrix.directChat.body')), `encrypted-dm:${e.eventId}`);
  }

  private rememberName(user: string, name: string): void {
    this.names.delete(user);
    this.names.set(user, name);
    if (this.names.size > 10_000) {
      const oldest = this.names.keys().next();
      if (!oldest.done) this.names.delete(oldest.value);
    }
  }
}

const undecryptableKey = (e: RoomEvent): string => `${e.roomId}|${e.sender}|${typeof e.content.session_id === 'string' ? e.content.session_id : e.eventId}`;
