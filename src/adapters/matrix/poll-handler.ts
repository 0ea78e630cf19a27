import { refusalText } from '../../core/commands/dispatch.js';
import type { MessageId } from '../../core/i18n/index.js';
import { personal } from '../../core/messages/message.js';
import type { Actor, RoomRef } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { resolveMotion } from '../../core/services/motion.service.js';
import { vote } from '../../core/services/vote.service.js';
import type { MatrixApi } from './matrix-api.js';
import type { RoomEvent } from './matrix-events.js';
import { parsePollInfo, parsePollResponse, POLL_RESPONSE_TYPES, responseToChoice, type PollInfo } from './poll-content.js';
import type { Replies } from './replies.js';
import { matrixRoomWords, type RoomWords } from './room-speech.js';

export interface PollHandlerOptions {
  readonly core: CoreDeps;
  readonly api: MatrixApi;
  readonly replies: Replies;
  readonly log: Logger;
  readonly cacheSize?: number;
  /** The words of the room the poll is in (its assembly's language); default: from the store, else English. */
  readonly words?: RoomWords;
}

const refusalTitle = (code: string): MessageId => (code === 'closed' ? 'adapter.matrix.poll.closed' : 'adapter.matrix.poll.notCounted');

/**
 * Poll responses become ballots through the same `vote` service as `!vote`:
 * the bot's tally is the official one, a changed answer replaces the ballot,
 * and answers the core refuses (non-members, late, spoiled) are not counted
 * and the person is told privately, never in the room.
 */
export class PollHandler {
  /**
   * Poll event id → the motion it carries (null: not one of the bot's polls), as a promise so
   * answers arriving together while the first lookup is in flight share it instead of each
   * fetching the poll start.
   */
  private readonly polls = new Map<string, Promise<PollInfo | null>>();
  /** Who was already told what about which poll: clicking around a poll must not flood their DMs. */
  private readonly told = new Set<string>();

  private readonly words: RoomWords;

  constructor(private readonly o: PollHandlerOptions) {
    this.words = o.words ?? matrixRoomWords(() => o.core.store.read);
  }

  isPollResponse(e: RoomEvent): boolean {
    return POLL_RESPONSE_TYPES.includes(e.type);
  }

  async handle(e: RoomEvent, actor: Actor, requestId: string): Promise<void> {
    const response = parsePollResponse(e.content);
    if (!response) return;
    const room: RoomRef = { platform: 'matrix', roomId: e.roomId };
    const poll = await this.pollInfo(room, response.pollId);
    if (!poll) return;
    const choice = responseToChoice(poll, response.selections);
    const t = await this.words(e.roomId);
    if (!choice.ok) {
      await this.tell(e, t.t(refusalTitle('bad-input')), refusalText(t, choice.error));
      return;
    }
    try {
      const r = await vote(this.o.core, actor, room, String(poll.motionNumber), choice.value);
      if (!r.ok) await this.tell(e, t.t(refusalTitle(r.error.code)), refusalText(t, r.error));
      else this.o.log.debug({ requestId, motion: poll.motionNumber, changed: r.value.changed }, 'poll answer counted');
    } catch (err) {
      this.o.log.error({ err, requestId, event: e.eventId }, 'counting a poll answer failed');
      await this.tell(e, t.t('adapter.internalError.title'), t.t('adapter.matrix.poll.failed', { number: poll.motionNumber, id: requestId }));
    }
  }

  /**
   * The motion behind a poll, read from the poll event itself (trusted only
   * when the bot sent it) and checked once against the room's assembly, then
   * cached: no extra storage, and it works after a restart.
   */
  private pollInfo(room: RoomRef, pollId: string): Promise<PollInfo | null> {
    const known = this.polls.get(pollId);
    if (known) return known;
    if (this.polls.size >= (this.o.cacheSize ?? 2000)) {
      const oldest = this.polls.keys().next();
      if (!oldest.done) this.polls.delete(oldest.value);
    }
    const lookup = this.lookUp(room, pollId);
    this.polls.set(pollId, lookup);
    // A failed lookup (homeserver down) is not remembered: the next answer tries again.
    lookup.catch(() => {
      if (this.polls.get(pollId) === lookup) this.polls.delete(pollId);
    });
    return lookup;
  }

  private async lookUp(room: RoomRef, pollId: string): Promise<PollInfo | null> {
    const start = await this.o.api.event(room.roomId, pollId);
    const info = start && start.sender === this.o.api.userId ? parsePollInfo(start) : null;
    if (!info) return null;
    const r = await resolveMotion(this.o.core.store.read, room, String(info.motionNumber));
    return r.ok && r.value.motion.id === info.motionId ? info : null;
  }

  private async tell(e: RoomEvent, title: string, body: string): Promise<void> {
    const key = `${e.sender}\u0000${body}`;
    if (this.told.has(key)) return;
    if (this.told.size >= 10_000) this.told.clear();
    this.told.add(key);
    await this.o.replies.privately(e.sender, personal(title, body, { tone: 'error' }), `poll-notice:${e.eventId}`);
  }
}
