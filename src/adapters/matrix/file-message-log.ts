import { z } from 'zod';
import type { Platform } from '../../core/model/entities.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import { JsonFile } from './json-file.js';

const fileSchema = z.object({ rows: z.record(z.string(), z.string()) });

/**
 * MessageLog as a JSON file in PLENARY_DATA_DIR, so the bot still knows which
 * poll belongs to which motion after a restart and can end it. One row per
 * announcement ref and room: small, but it grows with the motions; a
 * database-backed MessageLog (persistence adapter) replaces it when there is one.
 */
export class JsonFileMessageLog implements MessageLog {
  private rows: Promise<Map<string, string>> | null = null;
  private readonly file: JsonFile<z.infer<typeof fileSchema>>;

  constructor(path: string) {
    this.file = new JsonFile(path);
  }

  /** Read once; concurrent first calls share the read, so no record is lost to a second copy. */
  private load(): Promise<Map<string, string>> {
    this.rows ??= this.file.read().then((raw) => {
      const parsed = fileSchema.safeParse(raw);
      return new Map(parsed.success ? Object.entries(parsed.data.rows) : []);
    });
    return this.rows;
  }

  async record(platform: Platform, roomId: string, ref: string, messageId: string): Promise<void> {
    const rows = await this.load();
    rows.set(key(platform, roomId, ref), messageId);
    await this.file.write({ rows: Object.fromEntries(rows) });
  }

  async find(platform: Platform, roomId: string, ref: string): Promise<string | null> {
    return (await this.load()).get(key(platform, roomId, ref)) ?? null;
  }
}

const key = (platform: Platform, roomId: string, ref: string): string => `${platform} ${roomId} ${ref}`;
