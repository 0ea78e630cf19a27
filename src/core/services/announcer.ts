import type { AssemblyId } from '../shared/ids.js';
import type { OutMessage } from '../messages/message.js';
import type { Logger } from '../ports/logger.port.js';
import type { RoomSenders } from '../ports/room-sender.port.js';
import type { StoreReads } from '../ports/store.port.js';

/**
 * Tells an assembly something in every room bound to it, on every platform that
 * has a running bot. A failing room does not stop the others; failures are logged
 * (the relay issue moves these sends onto the paced platform queues).
 */
export class Announcer {
  readonly sent: { assemblyId: AssemblyId; message: OutMessage }[] = [];
  constructor(
    private readonly reads: StoreReads,
    private readonly senders: RoomSenders,
    private readonly log: Logger,
  ) {}

  async announce(assemblyId: AssemblyId, message: OutMessage, idempotencyKey: string): Promise<void> {
    const bindings = await this.reads.bindingsOf(assemblyId);
    await Promise.all(
      bindings.map(async (b) => {
        const sender = this.senders.get(b.platform);
        if (!sender) return;
        try {
          await sender.send(b, message, `${idempotencyKey}:${b.platform}:${b.roomId}`);
        } catch (e) {
          this.log.error({ err: e, assemblyId, room: b.roomId, platform: b.platform }, 'announcement failed');
        }
      }),
    );
  }
}
