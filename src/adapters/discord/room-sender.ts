import { DiscordAPIError, RateLimitError, RESTJSONErrorCodes, Routes, type APIMessage, type REST } from 'discord.js';
import { roomSpeech, speechFor, type Speech } from '../../core/i18n/index.js';
import type { OutMessage } from '../../core/messages/message.js';
import type { RoomRef } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import { RoomRateLimitedError, RoomUnreachableError, type RoomFaultReason, type RoomSender } from '../../core/ports/room-sender.port.js';
import type { WitnessedHead } from '../../core/events/witness.js';
import type { WitnessSource } from '../../core/ports/witness-source.port.js';
import type { ElectorateSource, RoleHolder } from '../../core/ports/electorate-source.port.js';
import type { AccessOutcome } from '../../core/ports/room-access.port.js';
import { patchBody, postBody } from './payloads.js';
import { discordHeadsPosted, selfId } from './posted-heads.js';
import { disableAll, type Row } from './render-controls.js';
import { renderMessage } from './render-message.js';
import { clip } from './limits.js';
import { inertMentions } from '../../core/messages/inert.js';
import { renderWithParts } from './attachments.js';

/** A room post's buttons and footers in the language its text is in (the assembly's, carried on its controls), else the default. */
const wordsOf = (message: OutMessage): Speech => (message.controls?.locale ? speechFor(message.controls.locale) : roomSpeech(undefined));

const CLOSED_GREY = 0x99aab5;
/** Discord's limit on a thread name. */
const THREAD_NAME_MAX = 100;
const threadRef = (ref: string): string => `${ref}#thread`;

/**
 * Discord's answers that retrying cannot change: the channel (or the whole
 * server) is gone, or the bot may not see or post in it. Anything else
 * (5xx, timeouts) is worth a retry.
 */
function unreachable(code: number | string): RoomFaultReason | undefined {
  if (code === RESTJSONErrorCodes.UnknownChannel || code === RESTJSONErrorCodes.UnknownGuild) return 'gone';
  if (code === RESTJSONErrorCodes.MissingAccess || code === RESTJSONErrorCodes.MissingPermissions) return 'forbidden';
  return undefined;
}

export interface DiscordRoomSenderOptions {
  readonly rest: REST;
  readonly messages: MessageLog;
  readonly log: Logger;
  /** Who holds a role (assemblies whose electorate is a role); the core finds it on the sender, as the witness source. */
  readonly electorate?: ElectorateSource;
  /** Bytes one message may upload (default: Discord's 10 MiB); larger files go in parts. */
  readonly uploadLimit?: number;
}

/**
 * Posts the core's announcements into Discord channels and threads, over
 * REST so any process can post to any guild (shards, workers). Each post
 * carries its idempotency key as the message nonce with `enforce_nonce`, so a
 * retried send returns the first message instead of a second one.
 *
 * One reference (`motion:<id>`) names a motion's messages: the announcement
 * with live buttons is recorded in the MessageLog; a later message for the
 * same reference without live controls (the result, a withdrawal) disables
 * those buttons first, then is posted.
 */
export class DiscordRoomSender implements RoomSender, WitnessSource, ElectorateSource {
  readonly platform = 'discord' as const;
  private readonly me: () => Promise<string>;

  constructor(private readonly o: DiscordRoomSenderOptions) {
    this.me = selfId(o.rest);
  }

  holdsRole(serverId: string, userId: string, roleId: string): Promise<boolean | null> {
    return this.o.electorate ? this.o.electorate.holdsRole(serverId, userId, roleId) : Promise.resolve(null);
  }

  roleHolders(serverId: string, roleId: string): Promise<readonly RoleHolder[] | null> {
    return this.o.electorate ? this.o.electorate.roleHolders(serverId, roleId) : Promise.resolve(null);
  }

  removeRole(serverId: string, userId: string, roleId: string, reason: string): Promise<AccessOutcome> {
    return this.o.electorate ? this.o.electorate.removeRole(serverId, userId, roleId, reason) : Promise.resolve({ ok: false, retry: false, reason: 'no electorate source' });
  }

  headsPosted(room: RoomRef, limit: number): Promise<readonly WitnessedHead[]> {
    return discordHeadsPosted(this.o.rest, room.roomId, limit, this.me);
  }

  async send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    try {
      await this.post(room, message, idempotencyKey);
    } catch (e) {
      // discord.js REST waits out every 429 itself and retries, so this is
      // reached only when the REST client is built with `rejectOnRateLimit`
      // for a route; the job queue then pauses the Discord lane for as long.
      if (e instanceof RateLimitError) throw new RoomRateLimitedError(e.retryAfter, e.message, { cause: e });
      const reason = e instanceof DiscordAPIError ? unreachable(e.code) : undefined;
      if (reason && e instanceof DiscordAPIError) throw new RoomUnreachableError(reason, `${e.message} (${e.code})`, { cause: e });
      throw e;
    }
  }

  /**
   * A message for one person: in the bot's DM channel with the user (Discord
   * returns the existing one when there is one), under the same nonce rule.
   * A user who shares no server with the bot or blocks DMs gets nothing;
   * Discord answers 50007, which fails the send like any other refusal.
   */
  async sendDirect(userId: string, message: OutMessage, idempotencyKey: string): Promise<void> {
    try {
      const channel = (await this.o.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      const { body, files } = postBody(renderMessage(message, { speech: wordsOf(message) }), idempotencyKey);
      await this.o.rest.post(Routes.channelMessages(channel.id), { body, files });
    } catch (e) {
      if (e instanceof RateLimitError) throw new RoomRateLimitedError(e.retryAfter, e.message, { cause: e });
      throw e;
    }
  }

  private async post(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    const live = message.controls !== undefined && !message.controls.closed;
    if (message.ref && live && (await this.o.messages.find('discord', room.roomId, message.ref))) {
      // Already announced here (a retried job after the nonce window): posting again would split the vote over two messages.
      this.o.log.debug({ roomId: room.roomId, ref: message.ref }, 'announcement already posted');
      return;
    }
    if (message.ref && !live) await this.closeLive(room, message.ref, wordsOf(message));
    const [first, ...parts] = renderWithParts(message, this.o.uploadLimit, { speech: wordsOf(message) });
    if (!first) return;
    const { body, files } = postBody(first, idempotencyKey);
    const posted = (await this.o.rest.post(Routes.channelMessages(room.roomId), { body, files })) as APIMessage;
    if (message.ref && live) await this.o.messages.record('discord', room.roomId, message.ref, posted.id);
    // Further parts of a file past the upload limit, each under a key of its own (so a retry posts none twice).
    for (const [k, part] of parts.entries()) await this.o.rest.post(Routes.channelMessages(room.roomId), postBody(part, `${idempotencyKey}:part${k + 2}`));
    if (message.ref && message.discussion) await this.openThread(room, message.ref, posted.id, message.discussion.title);
    // A later message of a discussed motion (its result) goes into its thread too.
    const thread = message.ref && !message.discussion ? await this.o.messages.find('discord', room.roomId, threadRef(message.ref)) : null;
    if (thread) {
      const inThread = postBody(first, `${idempotencyKey}:thread`);
      await this.o.rest.post(Routes.channelMessages(thread), { body: inThread.body, files: inThread.files });
    }
  }

  /**
   * A public thread on the announcement, for members to deliberate next to
   * the vote. Best effort: the vote does not depend on it, so a refusal (no
   * thread permission, a channel type without threads) is logged and the
   * announcement stands.
   */
  private async openThread(room: RoomRef, ref: string, messageId: string, title: string): Promise<void> {
    try {
      const thread = (await this.o.rest.post(Routes.threads(room.roomId, messageId), { body: { name: clip(inertMentions(title), THREAD_NAME_MAX), auto_archive_duration: 10080 } })) as { id: string };
      await this.o.messages.record('discord', room.roomId, threadRef(ref), thread.id);
    } catch (e) {
      if (e instanceof RateLimitError) throw e;
      this.o.log.warn({ err: e, roomId: room.roomId, ref }, 'could not open a discussion thread; the announcement stands without one');
    }
  }

  /** Disables every control on the live message for `ref` in this room, if there is one. */
  private async closeLive(room: RoomRef, ref: string, words: Speech): Promise<void> {
    const id = await this.o.messages.find('discord', room.roomId, ref);
    if (!id) return;
    try {
      const current = (await this.o.rest.get(Routes.channelMessage(room.roomId, id))) as APIMessage;
      const rows = (current.components ?? []) as Row[];
      if (rows.length === 0) return;
      // The frozen announcement says where the outcome is; its last live count stays as it was.
      const embeds = current.embeds.map((e) => ({ ...e, color: CLOSED_GREY, footer: { text: words.t('adapter.discord.closedFooter') } }));
      await this.o.rest.patch(Routes.channelMessage(room.roomId, id), { body: patchBody({ embeds, components: disableAll(rows) }) });
    } catch (e) {
      // Someone deleted the announcement: nothing left to close; the result is still posted.
      if (e instanceof DiscordAPIError && e.code === RESTJSONErrorCodes.UnknownMessage) return;
      throw e;
    }
  }
}
