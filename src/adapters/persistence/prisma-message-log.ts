import type { Platform } from '../../core/model/entities.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import type { PrismaClient } from '../../generated/prisma/client.js';

/**
 * MessageLog in the `platform_message` table, so every bot process sharing
 * the database — and the same process after a restart — finds the message
 * that carries an announcement. One row per (platform, room, ref).
 */
export class PrismaMessageLog implements MessageLog {
  constructor(private readonly prisma: PrismaClient) {}

  async record(platform: Platform, roomId: string, ref: string, messageId: string): Promise<void> {
    // A single-unique upsert with nothing nested is one INSERT … ON CONFLICT
    // DO UPDATE, so two processes recording the same ref never collide: the
    // later send (a re-posted tally, say) wins.
    await this.prisma.platformMessage.upsert({
      where: { platform_roomId_ref: { platform, roomId, ref } },
      create: { platform, roomId, ref, messageId },
      update: { messageId },
    });
  }

  async find(platform: Platform, roomId: string, ref: string): Promise<string | null> {
    const row = await this.prisma.platformMessage.findUnique({
      where: { platform_roomId_ref: { platform, roomId, ref } },
      select: { messageId: true },
    });
    return row?.messageId ?? null;
  }
}
