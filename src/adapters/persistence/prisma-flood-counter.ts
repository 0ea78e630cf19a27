import type { FloodCounter } from '../../core/ports/flood-counter.port.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

/**
 * Flood counts in PostgreSQL (or PGlite): one upsert per counted command, so
 * every worker process sees the same count. The same statement drops the
 * key's finished windows, keeping the table small without a sweep.
 */
export class PrismaFloodCounter implements FloodCounter {
  constructor(private readonly db: PrismaClient) {}

  async hit(key: string, windowStart: Date): Promise<number> {
    const at = windowStart.toISOString();
    const rows = await this.db.$queryRaw<{ count: number }[]>`
      WITH gone AS (DELETE FROM flood_counter WHERE key = ${key} AND window_start < ${at}::timestamptz)
      INSERT INTO flood_counter (key, window_start, count) VALUES (${key}, ${at}::timestamptz, 1)
      ON CONFLICT (key, window_start) DO UPDATE SET count = flood_counter.count + 1
      RETURNING count`;
    return rows[0]?.count ?? 1;
  }
}
