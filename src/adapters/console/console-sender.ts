import type { OutMessage } from '../../core/messages/message.js';
import type { RoomRef } from '../../core/model/entities.js';
import type { RoomSender } from '../../core/ports/room-sender.port.js';
import { renderText } from './render-text.js';

/** The console "platform": announcements are printed, prefixed by their room. */
export class ConsoleSender implements RoomSender {
  readonly platform = 'console' as const;
  private readonly seen = new Set<string>();
  constructor(private readonly out: { write(s: string): unknown }) {}

  send(room: RoomRef, message: OutMessage, idempotencyKey: string): Promise<void> {
    if (this.seen.has(idempotencyKey)) return Promise.resolve();
    this.seen.add(idempotencyKey);
    this.out.write(prefix(room.roomId, renderText(message)) + '\n');
    return Promise.resolve();
  }
}

export function prefix(room: string, text: string): string {
  return text
    .split('\n')
    .map((l) => `[${room}] ${l}`)
    .join('\n');
}
