import type { OutMessage, VoteControls } from '../../core/messages/message.js';
import type { Speech } from '../../core/i18n/index.js';
import { matrixRoomWords, type RoomWords } from './room-speech.js';
import type { RoomRef } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import { RoomRateLimitedError, type RoomSender } from '../../core/ports/room-sender.port.js';
import { MATRIX_HEAD_FIELD, type WitnessSource } from '../../core/ports/witness-source.port.js';
import type { WitnessedHead } from '../../core/events/witness.js';
import type { RoomEvent } from './matrix-events.js';
import type { StoreReads } from '../../core/ports/store.port.js';
import { asAssemblyId, asMotionId } from '../../core/shared/ids.js';
import type { MatrixApi } from './matrix-api.js';
import type { DirectRooms } from './direct-rooms.js';
import { MatrixRateLimitError } from './rate-limit.js';
import { pollAnswers, pollEndContent, pollResults, pollStartContent, POLL_END_TYPE, POLL_START_TYPE } from './poll-content.js';
import { noticeContent, renderMessage, type RenderOptions } from './render-html.js';
import { txnIdFor } from './txn-id.js';

export interface MatrixRoomSenderOptions {
  readonly api: MatrixApi;
  readonly messageLog: MessageLog;
  readonly render: RenderOptions;
  /** Motion titles, assembly names and tallies for polls; late-bound because the store opens after the senders exist. */
  readonly reads: () => StoreReads | null;
  /** The words of a room: its assembly's language, else the deployment default; default: from `reads`, else English. */
  readonly words?: RoomWords;
  readonly log: Logger;
  /** The room's timeline, read backwards (GET /messages): where `audit verify` finds the heads the bot posted. */
  readonly history?: RoomHistory;
  /** The bot's direct-message rooms (created on first need): where a message for one person goes. */
  readonly directRooms?: Pick<DirectRooms, 'roomFor'>;
}

export interface RoomHistory {
  messagesBackwards(roomId: string, from: string | null, to: string | null, limit: number): Promise<{ events: readonly RoomEvent[]; end: string | null }>;
}

export interface PostOptions {
  readonly inReplyTo?: string;
  readonly mention?: string;
  readonly footer?: string;
  readonly helpListing?: boolean;
  /** Post in the thread rooted at this event (m.thread), falling back to a reply for clients without threads. */
  readonly thread?: string;
}

const pollRef = (ref: string): string => `${ref}#poll`;

/**
 * The core's RoomSender for Matrix: messages become HTML notices; an open
 * motion's announcement is followed by a poll when a poll can carry the
 * ballot; a result ends that poll (found again through the MessageLog, so
 * also after a restart). Every event travels under a transaction id derived
 * from the idempotency key.
 */
export class MatrixRoomSender implements RoomSender, WitnessSource {
  readonly platform = 'matrix' as const;

  private readonly words: RoomWords;

  constructor(private readonly o: MatrixRoomSenderOptions) {
    this.words = o.words ?? matrixRoomWords(o.reads);
  }

  /**
   * The bot's own events in the room that carry a head field. Only the field
   * is read, never the body: the body holds members' text, which could
   * imitate a head line.
   */
  async headsPosted(room: RoomRef, limit: number): Promise<readonly WitnessedHead[]> {
    const history = this.o.history;
    if (!history) return [];
    const heads: WitnessedHead[] = [];
    let from: string | null = null;
    for (let seen = 0; seen < limit; ) {
      const page = await history.messagesBackwards(room.roomId, from, null, Math.min(100, limit - seen));
      for (const e of page.events) {
        if (e.sender !== this.o.api.userId || e.type !== 'm.room.message') continue;
        const h = headOf(e.content[MATRIX_HEAD_FIELD]);
        if (h) heads.push({ ...h, source: `matrix event ${e.eventId}` });
      }
      seen += page.events.length;
      if (page.events.length === 0 || !page.end || page.end === from) break;
      from = page.end;
    }
    return heads;
  }

  async send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    try {
      await this.sendEvents(room, message, idempotencyKey);
    } catch (e) {
      // The API layer has already waited out what it could; the job queue pauses the lane for the rest.
      // A resend repeats the transaction ids, so events already posted are not posted again.
      if (e instanceof MatrixRateLimitError) throw new RoomRateLimitedError(e.retryAfterMs, e.message, { cause: e });
      throw e;
    }
  }

  /** A message for one person: in the bot's direct-message room with them (created when there is none). */
  async sendDirect(userId: string, message: OutMessage, idempotencyKey: string): Promise<void> {
    const dms = this.o.directRooms;
    if (!dms) throw new Error('this Matrix sender has no direct-message rooms');
    try {
      await this.post(await dms.roomFor(userId), message, idempotencyKey);
    } catch (e) {
      if (e instanceof MatrixRateLimitError) throw new RoomRateLimitedError(e.retryAfterMs, e.message, { cause: e });
      throw e;
    }
  }

  private async sendEvents(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    const roomId = room.roomId;
    const c = message.controls;
    if (c?.closed && message.ref) await this.endPoll(roomId, c, message, idempotencyKey);
    const open = c && !c.closed ? c : null;
    const answers = open ? pollAnswers(open) : null;
    const shown = open ? { ...message, ...(message.body === undefined ? {} : { body: withoutCoreVoteLine(message.body) }) } : message;
    const t = await this.words(roomId);
    const eventId = await this.post(roomId, shown, idempotencyKey, open ? { footer: await this.howToVote(open, answers !== null, t) } : {});
    if (message.ref) await this.o.messageLog.record('matrix', roomId, message.ref, eventId);
    if (message.ref) await this.discuss(roomId, message, eventId, idempotencyKey, t);
    if (open && answers && message.ref) {
      const question = await this.question(open, message.title, t);
      const pollId = await this.o.api.sendEvent(roomId, POLL_START_TYPE, pollStartContent(open, question, answers), txnIdFor(idempotencyKey, 'poll'));
      await this.o.messageLog.record('matrix', roomId, pollRef(message.ref), pollId);
    }
  }

  /**
   * Threads (MSC3440): an announcement that asks for a discussion becomes a
   * thread root, opened by a first message in it; a later message with the
   * same ref (the result) is posted in that thread too.
   */
  private async discuss(roomId: string, message: OutMessage, eventId: string, idempotencyKey: string, t: Speech): Promise<void> {
    const ref = `${message.ref ?? ''}#thread`;
    if (message.discussion) {
      await this.post(roomId, { title: t.t('adapter.matrix.discussion.title', { title: message.discussion.title }), body: t.t('adapter.matrix.discussion.body'), visibility: 'public' }, `${idempotencyKey}:thread`, { thread: eventId });
      await this.o.messageLog.record('matrix', roomId, ref, eventId);
      return;
    }
    const root = await this.o.messageLog.find('matrix', roomId, ref);
    if (root) await this.post(roomId, message, `${idempotencyKey}:thread`, { thread: root });
  }

  /** Posts one message (and its attachment) in a room; returns the event id of the text. */
  async post(roomId: string, message: OutMessage, idempotencyKey: string, p: PostOptions = {}): Promise<string> {
    const rendered = renderMessage(message, { ...this.o.render, helpListing: p.helpListing ?? false }, p.footer);
    const content = {
      ...noticeContent(rendered, p.mention ? [p.mention] : []),
      ...(p.inReplyTo ? { 'm.relates_to': { 'm.in_reply_to': { event_id: p.inReplyTo } } } : {}),
      ...(p.thread ? { 'm.relates_to': { rel_type: 'm.thread', event_id: p.thread, is_falling_back: true, 'm.in_reply_to': { event_id: p.thread } } } : {}),
      // The head exactly, for `audit verify` to read back (the text line shows a short hash).
      ...(message.chainHead ? { [MATRIX_HEAD_FIELD]: { assembly: message.chainHead.assembly, seq: message.chainHead.seq, hash: message.chainHead.hash } } : {}),
    };
    const eventId = await this.o.api.sendEvent(roomId, 'm.room.message', content, txnIdFor(idempotencyKey));
    if (message.attachment) {
      const { filename, content: text } = message.attachment;
      const url = await this.o.api.upload(text, filename, 'application/x-ndjson');
      await this.o.api.sendEvent(roomId, 'm.room.message', { msgtype: 'm.file', body: filename, filename, url, info: { mimetype: 'application/x-ndjson', size: Buffer.byteLength(text) }, 'm.mentions': {} }, txnIdFor(idempotencyKey, 'file'));
    }
    return eventId;
  }

  private async endPoll(roomId: string, c: VoteControls, message: OutMessage, idempotencyKey: string): Promise<void> {
    const pollId = await this.o.messageLog.find('matrix', roomId, pollRef(message.ref ?? ''));
    if (!pollId) return;
    const motion = await this.o.reads()?.motion(asMotionId(c.motionId));
    const tally = message.fields?.find((f) => f.name === 'Tally')?.value.replace(/\n/g, '; ');
    const text = (await this.words(roomId)).t('adapter.matrix.poll.ended', { result: tally ? `${message.title} — ${tally}` : message.title });
    await this.o.api.sendEvent(roomId, POLL_END_TYPE, pollEndContent(pollId, text, pollResults(c, motion?.result ?? null)), txnIdFor(idempotencyKey, 'poll-end'));
  }

  private async question(c: VoteControls, fallback: string, t: Speech): Promise<string> {
    const motion = await this.o.reads()?.motion(asMotionId(c.motionId));
    return motion ? t.t('adapter.matrix.poll.question', { number: motion.number, title: motion.title }) : fallback;
  }

  private async howToVote(c: VoteControls, poll: boolean, t: Speech): Promise<string> {
    const n = c.motionNumber;
    if (c.secret) {
      const assembly = await this.o.reads()?.assembly(asAssemblyId(c.assemblyId));
      const ref = quoted(`${assembly?.name ?? 'Assembly'}#${String(n)}`);
      return t.t('adapter.matrix.howToVote.secret', { bot: this.o.api.userId, ref, example: example(c) });
    }
    if (poll) {
      return t.t('adapter.matrix.howToVote.poll', { approval: c.method === 'approval' ? 'yes' : 'no', number: n, example: example(c) });
    }
    if (c.method === 'ranked') return t.t('adapter.matrix.howToVote.ranked', { number: n, example: example(c) });
    return t.t('adapter.matrix.howToVote.typed', { number: n, example: example(c) });
  }
}

function headOf(raw: unknown): { assembly: string; seq: number; hash: string } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const h = raw as Record<string, unknown>;
  if (typeof h.assembly !== 'string' || typeof h.seq !== 'number' || !Number.isSafeInteger(h.seq) || h.seq < 0 || typeof h.hash !== 'string' || !/^[0-9a-f]{8,64}$/.test(h.hash)) return null;
  return { assembly: h.assembly, seq: h.seq, hash: h.hash };
}

/** An argument as the text grammar reads it back: quoted when it has spaces. */
export const quoted = (arg: string): string => (/\s/.test(arg) ? `"${arg.replace(/["\\]/g, (c) => `\\${c}`)}"` : arg);

function example(c: VoteControls): string {
  if (c.method === 'yes-no-abstain') return 'yes|no|abstain';
  if (c.method === 'approval') return '1,3';
  return c.options.length >= 3 ? '2>1>3' : '2>1';
}

/** The core ends an announcement with a platform-neutral "To vote: …" paragraph; the Matrix footer replaces it. */
function withoutCoreVoteLine(body: string): string {
  return body
    .split('\n\n')
    .filter((p) => !p.startsWith('To vote: '))
    .join('\n\n');
}
