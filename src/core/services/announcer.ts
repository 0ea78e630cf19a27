import type { AssemblyId } from '../shared/ids.js';
import type { OutMessage } from '../messages/message.js';
import type { Logger } from '../ports/logger.port.js';
import type { RoomSenders } from '../ports/room-sender.port.js';
import type { Store } from '../ports/store.port.js';
import { sendRows } from '../relay/outbox.js';
import { withWebLink, type WebLinks } from '../ports/web-links.port.js';
import type { RoomHealth } from './room-health.js';

/**
 * Tells an assembly something in every room bound to it. A room whose
 * platform has a bot in this process is told directly; a room on any other
 * platform gets its message through the outbox and that platform's paced
 * send lane, run by the process that has its bot. So a result closed by a
 * `plenary worker` (which has no bot) is still announced everywhere. A
 * failing room does not stop the others; failures are logged, and a room
 * that refuses the bot for good is marked and skipped (`RoomHealth`).
 */
export class Announcer {
  readonly sent: { assemblyId: AssemblyId; message: OutMessage }[] = [];
  constructor(
    private readonly store: Store,
    private readonly senders: RoomSenders,
    private readonly log: Logger,
    private readonly web?: WebLinks,
    private readonly rooms?: RoomHealth,
  ) {}

  async announce(assemblyId: AssemblyId, original: OutMessage, idempotencyKey: string): Promise<void> {
    const message = withWebLink(this.web, original);
    const bindings = await this.store.read.bindingsOf(assemblyId);
    const elsewhere = bindings.filter((b) => !this.senders.has(b.platform));
    await Promise.all([
      ...bindings.map(async (b) => {
        const sender = this.senders.get(b.platform);
        if (!sender) return;
        try {
          const send = () => sender.send(b, message, `${idempotencyKey}:${b.platform}:${b.roomId}`);
          if (!this.rooms) return await send();
          const known = await this.rooms.look(b.platform, [b.roomId]);
          if (known.skip.has(b.roomId)) return this.log.info({ assemblyId, room: b.roomId, platform: b.platform }, 'announcement skipped: the room refuses the bot');
          await this.rooms.attempt(b, known.marked.has(b.roomId), send);
        } catch (e) {
          this.log.error({ err: e, assemblyId, room: b.roomId, platform: b.platform }, 'announcement failed');
        }
      }),
      elsewhere.length > 0 ? this.queue(assemblyId, elsewhere, message, idempotencyKey) : Promise.resolve(),
    ]);
  }

  /** The outbox row's key is the announcement's, so announcing twice queues it once. */
  private async queue(assemblyId: AssemblyId, bindings: Parameters<typeof sendRows>[0][number]['bindings'], message: OutMessage, key: string): Promise<void> {
    try {
      await this.store.transaction((tx) => tx.relay.enqueueMany(sendRows([{ bindings, message, key: `announce.${key}` }], `announce.${key}`)));
    } catch (e) {
      this.log.error({ err: e, assemblyId }, 'announcement could not be queued for the platforms without a bot in this process');
    }
  }
}
