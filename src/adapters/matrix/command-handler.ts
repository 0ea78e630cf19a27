import type { CommandSpec } from '../../core/commands/command.js';
import { dispatch, readerSpeech, usage } from '../../core/commands/dispatch.js';
import { argHelp } from '../../core/commands/help-text.js';
import { matrixRoomWords, type RoomWords } from './room-speech.js';
import type { Speech } from '../../core/i18n/index.js';
import { parseCommandLine } from '../../core/commands/text-grammar.js';
import { personal, publicMessage, type OutMessage } from '../../core/messages/message.js';
import type { Actor, RoomRef } from '../../core/model/entities.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { RoomAccess } from '../../core/ports/room-access.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { resolveMotion } from '../../core/services/motion.service.js';
import { commandLine } from './command-text.js';
import { isUserId, type RoomEvent } from './matrix-events.js';
import { quoted } from './matrix-room-sender.js';
import type { AdminStanding } from './power-levels.js';
import type { Replies } from './replies.js';

/** Commands whose answers are private: a link code lets its holder vote as you; a ballot is yours alone. */
const PRIVATE_COMMANDS: ReadonlySet<string> = new Set(['link start', 'ballot']);

export interface CommandHandlerOptions {
  readonly core: CoreDeps;
  readonly table: readonly CommandSpec[];
  readonly prefix: string;
  readonly replies: Replies;
  readonly access: RoomAccess;
  readonly log: Logger;
  /** The sender's power level against the one that may change the room's power levels, read fresh. */
  readonly adminStanding: (roomId: string, userId: string) => Promise<AdminStanding>;
  /** The words of a room (its assembly's language, else the deployment default); default: from the store, else English. */
  readonly words?: RoomWords;
}

/**
 * `!command …` messages: the prefix is stripped, the shared text grammar
 * parses the rest, the core's `dispatch` runs it, and the answers go back as
 * replies. Matrix-specific checks happen here, before the core: `user`
 * arguments must be Matrix ids, and a secret ballot typed into a shared room
 * is refused (it would show everyone the vote).
 */
export class CommandHandler {
  private readonly words: RoomWords;

  constructor(private readonly o: CommandHandlerOptions) {
    this.words = o.words ?? matrixRoomWords(() => o.core.store.read);
  }

  isCommand(e: RoomEvent): boolean {
    return e.type === 'm.room.message' && commandLine(e.content, this.o.prefix) !== null;
  }

  async handle(e: RoomEvent, actor: Actor, requestId: string): Promise<void> {
    const line = commandLine(e.content, this.o.prefix);
    if (line === null) return;
    const room: RoomRef = { platform: 'matrix', roomId: e.roomId };
    const parsed = parseCommandLine(this.o.table, line);
    if (!(await this.answersHere(e.roomId, parsed.ok ? parsed.value.spec : null))) {
      this.o.log.debug({ requestId, roomId: e.roomId, sender: e.sender }, 'ignored a command in a room that is not an assembly');
      return;
    }
    if (!parsed.ok) {
      // Read again in the member's words (only for a line that fails: a command needs no extra lookup).
      const t = await readerSpeech({ deps: this.o.core, actor, room });
      const again = parseCommandLine(this.o.table, line, t);
      await this.o.replies.inRoom(e, personal(t.t('grammar.title'), again.ok ? parsed.error.message : again.error.message, { tone: 'error' }), `reply:${e.eventId}:0`);
      return;
    }
    const { spec, args } = parsed.value;
    const path = spec.path.join(' ');
    const standing = spec.permission === 'room-admin' ? await this.o.adminStanding(e.roomId, e.sender) : null;
    // Refusals the adapter words itself, in the member's words (read only when one is needed).
    const speech = (): Promise<Speech> => readerSpeech({ deps: this.o.core, actor, room });
    const refused = (await this.userArgProblem(spec, args, speech)) ?? (standing && !standing.admin ? notRoomAdmin(path, standing, await speech()) : null) ?? (path === 'vote' ? await this.secretVoteInRoom(room, args, speech) : null);
    if (standing && !standing.admin) this.o.log.info({ requestId, roomId: e.roomId, sender: e.sender, needs: standing.needs, has: standing.has, command: path }, 'refused: not a room admin');
    const ctx = { deps: this.o.core, actor, room, requestId, ...(standing ? { roomAdmin: standing.admin } : {}) };
    const replies = refused ? [refused] : [...(await dispatch(ctx, spec, args)).replies];
    if (path === 'assembly setup' && replies.every((r) => r.tone !== 'error')) replies.push(...(await this.permissionReport(room, await this.words(room.roomId))));
    const goPrivate = PRIVATE_COMMANDS.has(path) && !(await this.o.replies.isPrivateRoom(e.roomId));
    let sentPrivately = false;
    for (const [i, m] of replies.entries()) {
      const key = `reply:${e.eventId}:${String(i)}`;
      if (goPrivate && m.visibility === 'personal') {
        await this.o.replies.privately(e.sender, m, key);
        sentPrivately = true;
      } else {
        await this.o.replies.inRoom(e, m, key, spec.path[0] === 'help');
      }
    }
    if (sentPrivately) {
      const t = await readerSpeech({ deps: this.o.core, actor, room });
      await this.o.replies.inRoom(e, personal(t.t('adapter.sentPrivately.title'), t.t('adapter.sentPrivately.body')), `reply:${e.eventId}:dm`);
    }
  }

  /**
   * A room that is not an assembly (and not a private chat with the bot) hears
   * only help and the commands that make it one; anything else typed there is
   * not answered, so nobody can use the bot to post in rooms it merely sits in.
   */
  private async answersHere(roomId: string, spec: CommandSpec | null): Promise<boolean> {
    if (spec && (spec.path[0] === 'help' || spec.permission === 'room-admin')) return true;
    if ((await this.o.core.store.read.bindingByRoom('matrix', roomId)) !== null) return true;
    return this.o.replies.isPrivateRoom(roomId);
  }

  /** A `user` argument on Matrix is a user id; a bare name would create a phantom person. */
  private async userArgProblem(spec: CommandSpec, args: Readonly<Record<string, unknown>>, speech: () => Promise<Speech>): Promise<OutMessage | null> {
    for (const a of spec.args) {
      const v = args[a.name];
      if (a.type === 'user' && typeof v === 'string' && !isUserId(v)) {
        const t = await speech();
        return personal(t.t('dispatch.badArguments'), `${t.t('matrix.userArg', { name: a.name, help: argHelp(spec, a, t), value: v })}\n\n${t.t('dispatch.usage', { usage: usage(spec) })}`, { tone: 'error' });
      }
    }
    return null;
  }

  private async secretVoteInRoom(room: RoomRef, args: Readonly<Record<string, unknown>>, speech: () => Promise<Speech>): Promise<OutMessage | null> {
    if (typeof args.motion !== 'string') return null;
    const r = await resolveMotion(this.o.core.store.read, room, args.motion);
    if (!r.ok || !r.value.motion.secret || (await this.o.replies.isPrivateRoom(room.roomId))) return null;
    const ref = quoted(`${r.value.assembly.name}#${String(r.value.motion.number)}`);
    const t = await speech();
    return personal(t.t('matrix.secretInRoom.title'), t.t('matrix.secretInRoom.body', { number: r.value.motion.number, ref }), { tone: 'error' });
  }

  private async permissionReport(room: RoomRef, t: Speech): Promise<OutMessage[]> {
    try {
      const missing = await this.o.access.missingPermissions(room);
      if (missing.length === 0) return [];
      return [
        publicMessage(t.t('adapter.matrix.lacksPermissions.title'), t.t('adapter.matrix.lacksPermissions.body', { missing: missing.map((m) => `• ${m}`).join('\n') }), { tone: 'warning' }),
      ];
    } catch (e) {
      this.o.log.warn({ err: e, room: room.roomId }, 'could not read the power levels after setup');
      return [];
    }
  }
}

/** The `not-room-admin` refusal as Matrix says it: which power level the command needs here and which the sender has. */
function notRoomAdmin(path: string, s: AdminStanding, t: Speech): OutMessage {
  return personal(t.t('matrix.notRoomAdmin.title'), t.t('matrix.notRoomAdmin.body', { path, needs: s.needs, has: s.has }), { tone: 'error' });
}
