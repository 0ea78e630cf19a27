import { PrismaDeliveryStore } from '../adapters/persistence/prisma-delivery-store.js';
import { prismaRunner, sessionRunner } from '../adapters/persistence/sql-runner.js';
import type { Platform } from '../core/model/entities.js';
import type { RoomAccess } from '../core/ports/room-access.port.js';
import type { RoomSender } from '../core/ports/room-sender.port.js';
import { accessHandler } from '../jobs/access.handler.js';
import type { DeliveryStore } from '../jobs/delivery-store.port.js';
import type { JobHandler, JobQueue, JobWorker } from '../jobs/job-queue.port.js';
import { OutboxDispatcher } from '../jobs/outbox-dispatcher.js';
import { platformSendHandlers } from '../jobs/platform-send.handler.js';
import { relayHandlers } from '../jobs/relay.handlers.js';
import { scheduleSweep, sweepMotionsHandler } from '../jobs/sweep-motions.handler.js';
import { motionDeadlineHandler } from '../jobs/motion-deadline.handler.js';
import type { Runtime } from './runtime.js';
import { RoomRateLimitedError } from '../core/ports/room-sender.port.js';
import type { Telemetry } from '../core/ports/telemetry.port.js';
import { RateLimitedJobError } from '../jobs/errors.js';

export interface WorkerOptions {
  readonly queue: JobQueue;
  /** Platforms whose bot runs in this process: their paced send lanes are worked here. */
  readonly senders: readonly RoomSender[];
  readonly access?: ReadonlyMap<Platform, RoomAccess>;
  /** Work the relay lane (and the sweep) here; false for a process that only serves a platform. */
  readonly relay?: boolean;
  readonly concurrency?: number;
  /** Per-lane overrides of `concurrency`. */
  readonly concurrencyByLane?: Readonly<Record<string, number>>;
  /** `manual`: no polling timer; the caller drives `dispatcher.dispatchOnce()` (the console, line by line). */
  readonly dispatcher?: { readonly intervalMs?: number; readonly staleMs?: number; readonly reconcileEveryMs?: number; readonly now?: () => Date; readonly manual?: boolean };
  readonly deliveries?: DeliveryStore;
  /** How long a claimed platform message is held for its worker before another may send it (default 2 min). */
  readonly deliveryLeaseMs?: number;
  /** Counts jobs by lane and outcome, and platform messages sent and refused with a 429 (`/metrics`). */
  readonly telemetry?: Telemetry;
}

export interface Workers {
  readonly dispatcher: OutboxDispatcher;
  readonly worker: JobWorker;
  close(): Promise<void>;
}

/**
 * Jobs run at once per lane in one process. Discord's lane allows 5 jobs/s of
 * 10 messages; enough concurrent jobs to use it while one waits on slow requests
 * (the send-rate benchmark, bench/discord-sends.bench.ts, works the lane with these).
 */
export const LANE_CONCURRENCY: Readonly<Record<string, number>> = { 'platform.discord': 5, 'platform.matrix': 2, 'relay.rollup': 2 };

/**
 * The background half of a process: the outbox dispatcher and the queue
 * workers for the relay, the deadline sweep, access changes and the paced
 * platform sends of the bots this process runs. `plenary start` and
 * `plenary worker` (and the relay benchmark's worker processes) all start it.
 */
export async function startWorkers(rt: Runtime, o: WorkerOptions): Promise<Workers> {
  const log = rt.log;
  // On PostgreSQL the lanes' claims and marks go through the raw pool (Prisma's raw path cost most of a
  // worker's CPU at 100k); the embedded PGlite is one session that Prisma's transactions own, so they stay there.
  const deliveries = o.deliveries ?? new PrismaDeliveryStore(rt.db.kind === 'postgres' ? sessionRunner(rt.db.sql) : prismaRunner(rt.db.prisma));
  const senders = new Map(o.senders.map((s) => [s.platform, o.telemetry ? countedSender(s, o.telemetry) : s] as const));
  const send = platformSendHandlers({ store: rt.core.store, deliveries, senders, log, rooms: rt.core.rooms, ...(rt.core.web ? { web: rt.core.web } : {}), ...(o.deliveryLeaseMs !== undefined ? { leaseMs: o.deliveryLeaseMs } : {}) });
  const handlers: JobHandler[] = [...o.senders.map((s) => send[s.platform])];
  const relay = o.relay ?? true;
  if (relay) handlers.push(sweepMotionsHandler(rt.core, o.queue), motionDeadlineHandler(rt.core), ...relayHandlers(rt.core));
  // Only where a bot runs: a process without one must leave access changes to the processes that can make them.
  if (o.access && o.access.size > 0) handlers.push(accessHandler(rt.core.store, o.access, log));
  const concurrency = o.concurrency ?? 4;
  const worker = await o.queue.work(o.telemetry ? handlers.map((h) => countedHandler(h, o.telemetry as Telemetry)) : handlers, { concurrency, concurrencyByLane: { ...LANE_CONCURRENCY, ...o.concurrencyByLane } });
  const sweepMs = rt.config.PLENARY_SWEEP_SECONDS * 1000;
  if (relay) await scheduleSweep(o.queue, sweepMs, Date.now());
  // Each sweep schedules the next; re-adding the current slot (a no-op while it exists) restarts the chain if Redis lost it.
  const keepSweeping = relay ? setInterval(() => void scheduleSweep(o.queue, sweepMs, Date.now()).catch((e: unknown) => log.warn({ err: e }, 'could not schedule the sweep; will retry')), sweepMs) : null;
  const dispatcher = new OutboxDispatcher(rt.core.store, o.queue, log, o.dispatcher?.now);
  if (!o.dispatcher?.manual) await dispatcher.start(o.dispatcher?.intervalMs ?? 1000, { ...(o.dispatcher?.staleMs !== undefined ? { staleMs: o.dispatcher.staleMs } : {}), ...(o.dispatcher?.reconcileEveryMs !== undefined ? { reconcileEveryMs: o.dispatcher.reconcileEveryMs } : {}) });
  return {
    dispatcher,
    worker,
    async close() {
      if (keepSweeping) clearInterval(keepSweeping);
      await dispatcher.stop();
      await worker.close();
    },
  };
}

/** A job handler that counts its runs by lane and outcome (relay steps, sends, deadlines). */
function countedHandler(h: JobHandler, t: Telemetry): JobHandler {
  return {
    definition: h.definition,
    async run(job) {
      const lane = h.definition.lane.name;
      try {
        await h.run(job);
        t.count('jobs', { lane, job: h.definition.name, outcome: 'done' });
      } catch (e) {
        t.count('jobs', { lane, job: h.definition.name, outcome: e instanceof RateLimitedJobError ? 'rate-limited' : 'failed' });
        throw e;
      }
    },
  };
}

/** A sender that counts the messages it posts and the platform's 429s (only `send` is used by the lanes). */
function countedSender(s: RoomSender, t: Telemetry): RoomSender {
  return {
    platform: s.platform,
    async send(room, message, key) {
      try {
        await s.send(room, message, key);
        t.count('platform_sends', { platform: s.platform, outcome: 'sent' });
      } catch (e) {
        t.count('platform_sends', { platform: s.platform, outcome: e instanceof RoomRateLimitedError ? '429' : 'failed' });
        throw e;
      }
    },
  };
}
