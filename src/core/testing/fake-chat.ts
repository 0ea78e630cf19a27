import type { OutMessage } from '../messages/message.js';
import type { Platform, RoomRef } from '../model/entities.js';
import type { WitnessedHead } from '../events/witness.js';
import type { RoomSender } from '../ports/room-sender.port.js';
import type { WitnessSource } from '../ports/witness-source.port.js';

export interface Delivered {
  readonly room: string;
  readonly message: OutMessage;
  readonly key: string;
}

/** A chat platform that records what the bot posts, for tests. Duplicate keys are dropped, as a real idempotent send would. */
export class FakeChat implements RoomSender, WitnessSource {
  readonly delivered: Delivered[] = [];
  private readonly keys = new Set<string>();
  constructor(readonly platform: Platform = 'console') {}

  send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    if (this.keys.has(idempotencyKey)) return Promise.resolve();
    this.keys.add(idempotencyKey);
    this.delivered.push({ room: room.roomId, message, key: idempotencyKey });
    return Promise.resolve();
  }

  /** Direct messages land in a "room" named `dm:<userId>`. */
  sendDirect(userId: string, message: OutMessage, idempotencyKey: string): Promise<void> {
    return this.send({ platform: this.platform, roomId: `dm:${userId}` }, message, idempotencyKey);
  }

  /** The heads in what was delivered to the room (its "history"), newest `limit` messages. */
  headsPosted(room: RoomRef, limit: number): Promise<readonly WitnessedHead[]> {
    const mine = this.delivered.filter((d) => d.room === room.roomId).slice(-limit);
    return Promise.resolve(mine.flatMap((d) => (d.message.chainHead ? [{ ...d.message.chainHead, source: d.key }] : [])));
  }

  in(room: string): OutMessage[] {
    return this.delivered.filter((d) => d.room === room).map((d) => d.message);
  }

  titles(room: string): string[] {
    return this.in(room).map((m) => m.title);
  }
}
