import type { OutboxItem } from '../../core/model/federation.js';
import type { OutboxClaim } from '../../core/ports/federation-store.port.js';
import type { Platform } from '../../core/model/entities.js';
import type { PeerLinkStore } from '../../core/ports/peer-link-store.port.js';
import type { RoomFault } from '../../core/ports/room-faults.port.js';
import type { BallotWrite, CastOutcome, Store, StoreReads, StoreTx } from '../../core/ports/store.port.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { castBallotsIn } from './prisma-ballots.js';
import { PrismaOutbox } from './prisma-outbox.js';
import { PrismaReads } from './prisma-store-reads.js';
import { PrismaPeerLinks } from './prisma-peer-links.js';
import { PrismaPeerOutbox } from './prisma-peer-outbox.js';
import type { PeerOutbox } from '../../core/ports/federation-link.port.js';
import { PrismaRoomFaults } from './prisma-room-faults.js';
import { PrismaTx } from './prisma-store-tx.js';
import { prismaRunner, sessionRunner } from './sql-runner.js';
import type { SqlDatabase } from './sql-session.js';

export interface PrismaStoreOptions {
  /**
   * Raw SQL on the same database (`Database.sql`). On PostgreSQL the ballot
   * hot path then runs its statements on a pooled connection of its own
   * instead of through a Prisma interactive transaction, which costs several
   * milliseconds of CPU per batch. Ignored for PGlite: it is one session,
   * shared with Prisma, so only Prisma may drive its transactions.
   */
  readonly sql?: SqlDatabase;
  /** How long a transaction may wait for a pooled connection (Prisma's default, 2 s, is short under a vote burst). */
  readonly maxWaitMs?: number;
  /** How long a transaction may run before Prisma rolls it back. */
  readonly timeoutMs?: number;
}

/**
 * The `Store` port over Prisma: PostgreSQL through @prisma/adapter-pg, or
 * PGlite in-process; the SQL written by hand runs on both. Semantics follow
 * `FakeStore` (src/core/testing/fake-store.ts); the conformance suite in
 * test/support/store.conformance.ts holds both to the same contract.
 */
export class PrismaStore implements Store {
  readonly read: StoreReads;
  readonly links: PeerLinkStore;
  readonly peerOutbox: PeerOutbox;
  private readonly txOptions: { maxWait: number; timeout: number };
  private readonly sql: SqlDatabase | undefined;
  private readonly outbox: PrismaOutbox;
  private readonly faults: PrismaRoomFaults;

  constructor(
    private readonly prisma: PrismaClient,
    options: PrismaStoreOptions = {},
  ) {
    this.read = new PrismaReads(prisma);
    this.outbox = new PrismaOutbox(prisma);
    this.links = new PrismaPeerLinks(prisma, prisma);
    this.peerOutbox = new PrismaPeerOutbox(prisma, prisma);
    this.txOptions = { maxWait: options.maxWaitMs ?? 10_000, timeout: options.timeoutMs ?? 15_000 };
    this.sql = options.sql?.kind === 'postgres' ? options.sql : undefined;
    // A lookup per platform send job: on PostgreSQL through the raw pool, not Prisma's raw path.
    this.faults = new PrismaRoomFaults(this.sql ? sessionRunner(this.sql) : prismaRunner(prisma));
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((tx) => fn(new PrismaTx(tx)), this.txOptions);
  }

  castBallots(batch: BallotWrite): Promise<CastOutcome> {
    if (batch.ballots.length === 0) return Promise.resolve({ outcomes: [] });
    const { sql } = this;
    if (!sql) return this.prisma.$transaction((tx) => castBallotsIn(prismaRunner(tx), batch), this.txOptions);
    return sql.withSession(async (session) => {
      // A failure propagates and withSession discards the connection, which rolls back.
      await session.query('BEGIN');
      const outcome = await castBallotsIn(session, batch);
      await session.query('COMMIT');
      return outcome;
    });
  }

  claimOutbox(now: Date, limit: number): Promise<readonly OutboxItem[]> {
    return this.outbox.claimOutbox(now, limit);
  }

  releaseOutbox(claims: readonly OutboxClaim[]): Promise<void> {
    return this.outbox.releaseOutbox(claims);
  }

  finishOutbox(dedupeKey: string, result: { ok: true } | { ok: false; error: string }): Promise<void> {
    return this.outbox.finishOutbox(dedupeKey, result);
  }

  reclaimStaleOutbox(olderThan: Date): Promise<number> {
    return this.outbox.reclaimStaleOutbox(olderThan);
  }

  markRoomFault(fault: Omit<RoomFault, 'since' | 'checkedAt'>, now: Date): Promise<boolean> {
    return this.faults.markRoomFault(fault, now);
  }

  roomFaults(platform: Platform, roomIds: readonly string[]): Promise<readonly RoomFault[]> {
    return this.faults.roomFaults(platform, roomIds);
  }

  clearRoomFault(platform: Platform, roomId: string): Promise<boolean> {
    return this.faults.clearRoomFault(platform, roomId);
  }
}
