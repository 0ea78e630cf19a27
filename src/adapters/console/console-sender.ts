import type { OutMessage } from '../../core/messages/message.js';
import type { RoomRef } from '../../core/model/entities.js';
import type { RoomSender } from '../../core/ports/room-sender.port.js';
import type { WitnessSource } from '../../core/ports/witness-source.port.js';
import type { WitnessedHead } from '../../core/events/witness.js';
import { renderText } from './render-text.js';

/** Heads remembered per room (a long console session stays bounded). */
const HISTORY = 2000;

/** The console "platform": announcements are printed, prefixed by their room. */
export class ConsoleSender implements RoomSender, WitnessSource {
  readonly platform = 'console' as const;
  private readonly seen = new Set<string>();
  /** Heads printed per room: the console's only history, read back by `audit verify`. */
  private readonly printed = new Map<string, WitnessedHead[]>();
  constructor(private readonly out: { write(s: string): unknown }) {}

  send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    if (this.seen.has(idempotencyKey)) return Promise.resolve();
    this.seen.add(idempotencyKey);
    this.out.write(prefix(room.roomId, renderText(message)) + '\n');
    // Kept as posted, not re-read from the text: a motion title may imitate a head line.
    if (message.chainHead) {
      const log = this.printed.get(room.roomId) ?? [];
      log.push({ ...message.chainHead, source: `console ${room.roomId}` });
      if (log.length > HISTORY) log.splice(0, log.length - HISTORY);
      this.printed.set(room.roomId, log);
    }
    return Promise.resolve();
  }

  /** A direct message, printed as `[dm user] …`. */
  sendDirect(userId: string, message: OutMessage, idempotencyKey: string): Promise<void> {
    if (this.seen.has(idempotencyKey)) return Promise.resolve();
    this.seen.add(idempotencyKey);
    this.out.write(prefix(`dm ${userId}`, renderText(message)) + '\n');
    return Promise.resolve();
  }

  headsPosted(room: RoomRef, limit: number): Promise<readonly WitnessedHead[]> {
    return Promise.resolve((this.printed.get(room.roomId) ?? []).slice(-limit));
  }
}

export function prefix(room: string, text: string): string {
  return text
    .split('\n')
    .map((l) => `[${room}] ${l}`)
    .join('\n');
}
