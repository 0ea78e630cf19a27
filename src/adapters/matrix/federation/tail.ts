import type { OutboundEvent } from '../../../core/ports/federation-link.port.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import { positionBeat, type PositionBeatOptions } from './heartbeat.js';

export interface TailBeaconOptions extends PositionBeatOptions {
  readonly log: Logger;
  readonly now: () => Date;
  /** How long a room stays quiet after this deployment's last send before its position goes out. */
  readonly quietMs: number;
}

/**
 * Makes this deployment's position in its link rooms visible, so a tail lost
 * on the way (a homeserver down, federation that gave up) is found: a
 * heartbeat, whose own seq says every seq below it exists, goes into a room
 * `quietMs` after the last send there (debounced: every new send moves it),
 * and into every link room at carrier start and when /sync recovers after
 * failing. The receiver asks for what it lacks below it at once, and the
 * heartbeat's `last_seq_received` makes the peer send again what this side
 * lacks (docs/FEDERATION-PROTOCOL.md §5).
 */
export class TailBeacon {
  /** Rooms sent to and not yet followed by a heartbeat: the time of the last send. */
  private readonly lastSend = new Map<string, number>();

  constructor(private readonly o: TailBeaconOptions) {}

  /** The sender put one of this deployment's events into a room for the first time (heartbeats move nothing: they would answer themselves). */
  sent(e: Pick<OutboundEvent, 'roomId' | 'type'>, at: Date): void {
    if (e.type === 'org.plenary.heartbeat') return;
    this.lastSend.set(e.roomId, at.getTime());
  }

  /** Rooms quiet for `quietMs` since their last send get their heartbeat (enqueued; the next drain sends it). */
  async due(): Promise<number> {
    const now = this.o.now();
    let n = 0;
    for (const [roomId, at] of [...this.lastSend]) {
      if (now.getTime() - at < this.o.quietMs) continue;
      this.lastSend.delete(roomId);
      if (await positionBeat(this.o, roomId, now)) n++;
    }
    return n;
  }

  /** Every link room's heartbeat now (carrier start, sync back after failing). */
  async everywhere(why: string): Promise<number> {
    const now = this.o.now();
    let n = 0;
    for (const roomId of await this.o.outbox.linkRooms()) if (await positionBeat(this.o, roomId, now)) n++;
    if (n > 0) this.o.log.info({ rooms: n, why }, 'federation: position heartbeats sent (a lost tail is asked for again)');
    return n;
  }
}
