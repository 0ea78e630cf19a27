import type { Platform } from '../model/entities.js';

/**
 * Which platform message carries which announcement (`OutMessage.ref`), so an
 * adapter can edit the live tally, disable buttons or end a Matrix poll when
 * the motion closes — also after a restart. Adapters record after each send.
 */
export interface MessageLog {
  record(platform: Platform, roomId: string, ref: string, messageId: string): Promise<void>;
  find(platform: Platform, roomId: string, ref: string): Promise<string | null>;
}

export class FakeMessageLog implements MessageLog {
  private readonly rows = new Map<string, string>();
  record(platform: Platform, roomId: string, ref: string, messageId: string): Promise<void> {
    this.rows.set(`${platform}\u0000${roomId}\u0000${ref}`, messageId);
    return Promise.resolve();
  }
  find(platform: Platform, roomId: string, ref: string): Promise<string | null> {
    return Promise.resolve(this.rows.get(`${platform}\u0000${roomId}\u0000${ref}`) ?? null);
  }
}
