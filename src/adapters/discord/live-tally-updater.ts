import { Routes, type REST } from 'discord.js';
import { motionAnnouncement } from '../../core/messages/motion-messages.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MessageLog } from '../../core/ports/message-log.port.js';
import type { CoreDeps } from '../../core/services/deps.js';
import { liveTally } from '../../core/services/live-tally.js';
import { asMotionId } from '../../core/shared/ids.js';
import { patchBody } from './payloads.js';
import { renderMessage } from './render-message.js';
import { roomSpeech } from '../../core/i18n/audience.js';

export interface LiveTallyOptions {
  readonly rest: REST;
  readonly core: CoreDeps;
  readonly messages: MessageLog;
  readonly log: Logger;
  /**
   * At most one edit per motion per interval: Discord allows about five edits
   * per channel per five seconds, and a plenary may cast hundreds of votes a
   * second. Votes that arrive meanwhile are covered by the next edit, which
   * re-reads the count from the store.
   */
  readonly minIntervalMs: number;
}

/** Something that refreshes a motion's announcement after votes (the fake in tests records calls). */
export interface TallyRefresher {
  schedule(motionId: string): void;
}

const isDirty = (s: Slot): boolean => s.dirty;

interface Slot {
  running: boolean;
  dirty: boolean;
  timer?: NodeJS.Timeout;
  last: number;
}

/**
 * Edits a motion's announcements (every Discord room of its assembly) to
 * show the running count after votes, coalesced per motion. Only the embed
 * is edited, never the buttons, so a late edit cannot re-enable the buttons
 * of a closed motion. The coalescing state is per process and only saves
 * requests: each edit is rebuilt from the store, so shards and restarts
 * cannot make it wrong.
 */
export class LiveTallyUpdater implements TallyRefresher {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly o: LiveTallyOptions) {}

  schedule(motionId: string): void {
    const slot = this.slots.get(motionId) ?? { running: false, dirty: false, last: 0 };
    this.slots.set(motionId, slot);
    if (slot.running) {
      slot.dirty = true;
      return;
    }
    if (slot.timer) return;
    const wait = Math.max(0, slot.last + this.o.minIntervalMs - Date.now());
    slot.timer = setTimeout(() => void this.run(motionId, slot), wait);
  }

  /** Resolves when no edit is pending or running (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.slots.values()].some((s) => s.running || s.timer)) await new Promise((r) => setTimeout(r, 10));
  }

  private async run(motionId: string, slot: Slot): Promise<void> {
    delete slot.timer;
    slot.running = true;
    slot.dirty = false;
    try {
      await this.edit(motionId);
    } catch (e) {
      this.o.log.warn({ err: e, motionId }, 'live tally edit failed; the next vote retries it');
    } finally {
      slot.running = false;
      slot.last = Date.now();
      // Read through a function: votes arriving during the edit set `dirty` behind the compiler's back.
      if (isDirty(slot)) this.schedule(motionId);
      else this.slots.delete(motionId);
    }
  }

  private async edit(motionId: string): Promise<void> {
    const { core } = this.o;
    const tally = await liveTally(core.store.read, asMotionId(motionId));
    if (tally?.motion.status !== 'open') return;
    const motion = tally.motion;
    const assembly = await core.store.read.assembly(motion.assemblyId);
    if (!assembly) return;
    // Edited later: the close reads relative to the edit, not to the opening.
    const message = motionAnnouncement(assembly, motion, core.kinds.get(motion.kind)?.describe(motion, roomSpeech(assembly.policy)), undefined, core.clock.now());
    const { embeds } = renderMessage(message, { tally, speech: roomSpeech(assembly.policy) });
    const rooms = (await core.store.read.bindingsOf(assembly.id)).filter((b) => b.platform === 'discord');
    for (const room of rooms) {
      const id = message.ref ? await this.o.messages.find('discord', room.roomId, message.ref) : null;
      if (!id) continue;
      // Re-checked just before the edit: a motion closed meanwhile keeps its final embed.
      if ((await core.store.read.motion(motion.id))?.status !== 'open') return;
      await this.o.rest.patch(Routes.channelMessage(room.roomId, id), { body: patchBody({ embeds }) });
    }
  }
}
