import { publicMessage, type OutMessage } from '../messages/message.js';
import type { Platform, RoomBinding, RoomRef } from '../model/entities.js';
import type { Logger } from '../ports/logger.port.js';
import type { RoomFault } from '../ports/room-faults.port.js';
import { RoomUnreachableError } from '../ports/room-sender.port.js';
import type { Store } from '../ports/store.port.js';
import { sendRows } from '../relay/outbox.js';
import { roomSpeech } from '../i18n/audience.js';
import { ENGLISH, type Speech } from '../i18n/speech.js';

/**
 * How long a refusing room is left alone before a send tries it again. A
 * fixed room (permission given back) takes messages again at the latest this
 * long after the fix; a gone room costs one refused request per interval.
 */
export const ROOM_PROBE_MS = 15 * 60_000;

/** What one send to a room came to, for the caller's bookkeeping. */
export type SendOutcome = 'sent' | 'unreachable';

/**
 * One bad room must not hold up the rest: a room the platform refuses for
 * good (`RoomUnreachableError`) is marked once, its assembly's facilitators
 * are told in the assembly's other rooms, and later sends to it are skipped
 * until a probe after `ROOM_PROBE_MS` finds it fixed (then the mark goes).
 * Used by the paced send jobs and the direct announcer alike; `access status`
 * and `plenary doctor` show the marks.
 */
export class RoomHealth {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * One read for a whole job: `skip`, the rooms among these marked and not
   * yet due for a probe; `marked`, all marked ones (a probe that succeeds
   * clears its mark).
   */
  async look(platform: Platform, roomIds: readonly string[]): Promise<{ readonly skip: ReadonlySet<string>; readonly marked: ReadonlySet<string> }> {
    const faults = await this.store.roomFaults(platform, roomIds);
    const at = this.now().getTime();
    return { skip: new Set(faults.filter((f) => at - f.checkedAt.getTime() < ROOM_PROBE_MS).map((f) => f.roomId)), marked: new Set(faults.map((f) => f.roomId)) };
  }

  /**
   * Sends through `send`; a refusal for good marks the room (telling its
   * facilitators the first time) and is answered 'unreachable' instead of
   * thrown; anything else is thrown as it was. `wasMarked`: a success clears the mark.
   */
  async attempt(room: RoomRef, wasMarked: boolean, send: () => Promise<void>): Promise<SendOutcome> {
    try {
      await send();
    } catch (e) {
      if (!(e instanceof RoomUnreachableError)) throw e;
      await this.unreachable(room, e);
      return 'unreachable';
    }
    if (wasMarked) await this.reachable(room);
    return 'sent';
  }

  private async unreachable(room: RoomRef, e: RoomUnreachableError): Promise<void> {
    const first = await this.store.markRoomFault({ platform: room.platform, roomId: room.roomId, reason: e.reason, detail: e.message }, this.now());
    this.log.warn({ platform: room.platform, roomId: room.roomId, reason: e.reason, detail: e.message, first }, 'a room refuses the bot’s messages; later sends to it are skipped until it is fixed');
    if (first) await this.tellFacilitators(room, e).catch((err: unknown) => this.log.error({ err, roomId: room.roomId }, 'could not tell the facilitators about a refusing room'));
  }

  private async reachable(room: RoomRef): Promise<void> {
    if (await this.store.clearRoomFault(room.platform, room.roomId)) this.log.info({ platform: room.platform, roomId: room.roomId }, 'a room takes the bot’s messages again');
  }

  /** In the assembly's other rooms that are not marked themselves; with one room, `access status` there is what is left. */
  private async tellFacilitators(room: RoomRef, e: RoomUnreachableError): Promise<void> {
    const binding = await this.store.read.bindingByRoom(room.platform, room.roomId);
    if (!binding) return;
    const [assembly, bindings] = await Promise.all([this.store.read.assembly(binding.assemblyId), this.store.read.bindingsOf(binding.assemblyId)]);
    const others = bindings.filter((b) => !(b.platform === room.platform && b.roomId === room.roomId));
    const healthy: RoomBinding[] = [];
    for (const b of others) if ((await this.store.roomFaults(b.platform, [b.roomId])).length === 0) healthy.push(b);
    if (healthy.length === 0) return;
    const at = this.now().getTime();
    const t = roomSpeech(assembly?.policy);
    const message = roomFaultNotice(assembly?.name ?? t.t('room.fault.thisAssembly'), room, e, t);
    await this.store.transaction((tx) => tx.relay.enqueueMany(sendRows([{ bindings: healthy, message, key: `room-fault.${room.platform}.${room.roomId}.${at}` }], `room-fault.${room.platform}.${room.roomId}.${at}`)));
  }
}

export function roomFaultNotice(assembly: string, room: RoomRef, e: RoomUnreachableError, t: Speech = ENGLISH): OutMessage {
  return publicMessage(t.t('room.fault.title', { assembly }), t.t('room.fault.body', { platform: room.platform, room: room.roomId, reason: e.reason, detail: e.message, minutes: ROOM_PROBE_MS / 60_000 }), { tone: 'warning' });
}

/** One line per refusing room, for `access status`. */
export function describeFault(f: RoomFault): string {
  return faultLine(ENGLISH)(f);
}

/** `describeFault` in a reader's words, the date in their zone. */
export const faultLine =
  (t: Speech) =>
  (f: RoomFault): string =>
    t.t('room.fault.line', { platform: f.platform, room: f.roomId, reason: f.reason, detail: f.detail, since: f.since, minutes: ROOM_PROBE_MS / 60_000 });
