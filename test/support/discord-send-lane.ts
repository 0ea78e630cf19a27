import { asAssemblyId } from '../../src/core/shared/ids.js';
import type { OutMessage } from '../../src/core/messages/message.js';
import type { Logger } from '../../src/core/ports/logger.port.js';
import type { RoomSender } from '../../src/core/ports/room-sender.port.js';
import { FakeMessageLog } from '../../src/core/ports/message-log.port.js';
import { sendRows, type Announcement } from '../../src/core/relay/outbox.js';
import { createDiscordBot } from '../../src/bots/discord.js';
import { LANE_CONCURRENCY } from '../../src/bots/workers.js';
import { jobToAdd, type JobQueue } from '../../src/jobs/job-queue.port.js';
import { MemoryDeliveryStore } from '../../src/jobs/memory-delivery-store.js';
import { platformSendHandlers } from '../../src/jobs/platform-send.handler.js';
import { platformSendDefinition, type PlatformSendPayload } from '../../src/jobs/platform-send.job.js';

export interface RelayIntoChannelsOptions {
  /** The Discord REST base the bot talks to (a loopback API). */
  readonly api: string;
  readonly token: string;
  readonly channelIds: readonly string[];
  readonly queue: JobQueue;
  readonly log: Logger;
  readonly timeoutMs?: number;
  /** Overrides the lane's concurrency (default: what `plenary start` uses, LANE_CONCURRENCY). */
  readonly laneConcurrency?: number;
  /** Distinguishes the keys (and so the nonces) of one run from another's into the same channels. */
  readonly runId?: string;
  /** Called after each message is posted (the bench starts its storm from here). */
  readonly onSent?: () => void;
}

export interface RelayIntoChannelsOutcome {
  /** Outbox rows (send jobs) the proposal made, and how many finished ok / failed. */
  readonly jobs: number;
  readonly finishedOk: number;
  readonly finishedFailed: number;
  readonly failedJobs: number;
  readonly wallMs: number;
}

/** What the relay posts in each member assembly: the proposal and its vote buttons (one POST per channel). */
export function proposalAnnouncement(i: number, run = 'bench'): OutMessage {
  return {
    title: 'Proposal from the federation: shared tool library',
    body: 'The federation asks every member assembly to decide on version 1. Vote with the buttons below.',
    visibility: 'public',
    ref: `motion:${run}-${i}`,
    controls: { motionId: `${run}-${i}`, motionNumber: 1 + (i % 997), assemblyId: `a-${i}`, method: 'yes-no-abstain', options: ['yes', 'no', 'abstain'], seats: 1, secret: false, closed: false },
  };
}

/**
 * One proposal relayed into `channelIds` through the real Discord send lane:
 * the relay's own outbox rows (`sendRows`, 10 messages a job), queued on the
 * `platform.discord` lane (its limiter and the per-process concurrency
 * `plenary start` uses), sent by the real handler with fenced claims, through
 * the bot's DiscordRoomSender and discord.js REST. Returns once the queue is idle.
 */
export async function relayIntoChannels(o: RelayIntoChannelsOptions): Promise<RelayIntoChannelsOutcome> {
  const bot = createDiscordBot({ token: o.token, log: o.log, api: o.api, messages: new FakeMessageLog(), env: {} });
  const announcements: Announcement[] = o.channelIds.map((roomId, i) => ({ key: `relay.${o.runId ?? 'bench'}-${i}`, message: proposalAnnouncement(i, o.runId), bindings: [{ platform: 'discord', roomId, serverId: 'bench', assemblyId: asAssemblyId(`a-${i}`), purpose: 'main' }] }));
  const rows = sendRows(announcements, `${o.runId ?? 'bench'}-proposal`);
  const finished = { ok: 0, failed: 0 };
  const store = {
    finishOutbox: (_key: string, r: { ok: boolean }) => {
      if (r.ok) finished.ok++;
      else finished.failed++;
      return Promise.resolve();
    },
  };
  const handlers = platformSendHandlers({ store, deliveries: new MemoryDeliveryStore(), senders: new Map([['discord', counted(bot.sender, o.onSent)]]), log: o.log });
  const definition = platformSendDefinition('discord');
  const t0 = Date.now();
  await o.queue.addBulk(rows.map((r) => jobToAdd(definition, { dedupeKey: r.dedupeKey, ...(r.payload as Omit<PlatformSendPayload<'discord'>, 'dedupeKey'>) }, { jobId: r.dedupeKey })));
  const worker = await o.queue.work([handlers.discord], { concurrency: 4, concurrencyByLane: { ...LANE_CONCURRENCY, ...(o.laneConcurrency ? { [definition.lane.name]: o.laneConcurrency } : {}) } });
  try {
    await o.queue.whenIdle({ timeoutMs: o.timeoutMs ?? 600_000 });
  } finally {
    await worker.close();
  }
  const wallMs = Date.now() - t0;
  const failedJobs = (await o.queue.failed({ lane: definition.lane.name })).length;
  await bot.client.destroy();
  return { jobs: rows.length, finishedOk: finished.ok, finishedFailed: finished.failed, failedJobs, wallMs };
}

function counted(sender: RoomSender, onSent: (() => void) | undefined): RoomSender {
  if (!onSent) return sender;
  return {
    platform: sender.platform,
    async send(room, message, key) {
      await sender.send(room, message, key);
      onSent();
    },
  };
}
