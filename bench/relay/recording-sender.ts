import type pg from 'pg';
import type { OutMessage } from '../../src/core/messages/message.js';
import type { RoomRef } from '../../src/core/model/entities.js';
import type { RoomSender } from '../../src/core/ports/room-sender.port.js';

export const SEND_TABLE = `CREATE TABLE IF NOT EXISTS bench_send (key text PRIMARY KEY, room_id text NOT NULL, kind text NOT NULL, repeats int NOT NULL DEFAULT 0, at timestamptz NOT NULL DEFAULT now())`;

/**
 * The benchmark's chat platform: records every message in PostgreSQL, so
 * every worker process writes to one record that survives a SIGKILL. Like
 * Discord with a nonce and Matrix with a transaction id, a repeated
 * idempotency key posts nothing new; the repeat is counted (`repeats`), so
 * the bench shows both what members saw and what the workers re-sent.
 */
export class RecordingSender implements RoomSender {
  readonly platform = 'console' as const;
  constructor(private readonly pool: pg.Pool) {}

  async send(room: RoomRef, _message: OutMessage, key: string): Promise<void> {
    const kind = key.slice(0, key.indexOf('.'));
    await this.pool.query(`INSERT INTO bench_send (key, room_id, kind) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET repeats = bench_send.repeats + 1`, [key, room.roomId, kind]);
  }
}
