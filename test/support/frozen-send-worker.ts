/*
 * A platform-send worker as its own process, for the frozen-worker test: it
 * runs one `platform.send.discord` job against DATABASE_URL, each "send"
 * appending its key to SENT_LOG, and stops itself (SIGSTOP, as a debugger,
 * a VM pause or a long GC would) just before it handles message FREEZE_AT,
 * printing `frozen` first. The test resumes it with SIGCONT.
 */
import { appendFileSync } from 'node:fs';
import { openDatabase } from '../../src/adapters/persistence/database.js';
import { PrismaDeliveryStore } from '../../src/adapters/persistence/prisma-delivery-store.js';
import { prismaRunner } from '../../src/adapters/persistence/sql-runner.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import type { RoomSender } from '../../src/core/ports/room-sender.port.js';
import type { DeliveryStore } from '../../src/jobs/delivery-store.port.js';
import { DEFAULT_MARK_WINDOW_MS, platformSendHandlers } from '../../src/jobs/platform-send.handler.js';
import { frozenWorkerJob } from './frozen-send-job.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is required`);
  return v;
};
const log = env('SENT_LOG');
const freezeAt = Number(env('FREEZE_AT'));

let frozen = false;
/** The process stops here until SIGCONT; stdout to a pipe is synchronous on Linux, so `frozen` is out first. */
const freeze = (): void => {
  if (frozen) return;
  frozen = true;
  process.stdout.write('frozen\n');
  process.kill(process.pid, 'SIGSTOP');
};

const db = await openDatabase({ databaseUrl: env('DATABASE_URL'), dataDir: 'unused', log: silentLogger, migrateOnOpen: false, poolSize: 2 });
const inner = new PrismaDeliveryStore(prismaRunner(db.prisma));
let marked = 0;
// The freeze point is between two messages: after message FREEZE_AT - 1 is marked sent, at the worker's
// next look at the clock, which is its check before message FREEZE_AT.
const deliveries: DeliveryStore = {
  claim: (items, leaseMs, now) => inner.claim(items, leaseMs, now),
  confirm: (claim, now) => inner.confirm(claim, now),
  markSent: async (claims, now) => {
    const done = await inner.markSent(claims, now);
    marked += done.size;
    return done;
  },
  markFailed: (claims, now) => inner.markFailed(claims, now),
  release: (claims) => inner.release(claims),
  sent: (keys) => inner.sent(keys),
  settled: (keys) => inner.settled(keys),
};
let sends = 0;
const sender: RoomSender = {
  platform: 'discord',
  async send(_room, _message, key) {
    // A worker that sends without checking anything freezes at the same message.
    if (++sends === freezeAt) freeze();
    // As long as a real platform request takes (Discord allows one per 20 ms): longer than the mark
    // window, so each message is marked sent on its own, as it is against a real platform.
    await new Promise((r) => setTimeout(r, DEFAULT_MARK_WINDOW_MS + 5));
    appendFileSync(log, `A ${key}\n`);
  },
};
const handlers = platformSendHandlers({ store: { finishOutbox: () => Promise.resolve() }, deliveries, senders: new Map([['discord', sender]]), log: silentLogger, leaseMs: Number(env('LEASE_MS')), now: () => {
  if (marked === freezeAt - 1) freeze();
  return new Date();
} });
let code = 0;
try {
  await handlers.discord.run(frozenWorkerJob(Number(env('ITEMS')), 1));
  process.stdout.write('finished\n');
} catch (e) {
  // Expected when another worker holds some of the messages: the queue would retry the job.
  process.stdout.write(`failed: ${e instanceof Error ? e.message : String(e)}\n`);
  code = 2;
}
await db.close();
process.exit(code);
