/**
 * tsx bench/cast-ballots.bench.ts — PrismaStore.castBallots alone (no command
 * path): ballots/s and per-call latency for batches of 1, 50 and 200 on a
 * scratch PostgreSQL database, one batch in flight per motion as BallotWriter
 * sends them, and with several motions written at once.
 *
 * Options: --ballots N per motion (default 4000); --prisma-tx sends ballots
 * through Prisma interactive transactions instead of a raw pooled session;
 * DATABASE_URL (server to create the scratch database on; default local PostgreSQL).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/adapters/persistence/database.js';
import { PrismaStore } from '../src/adapters/persistence/prisma-store.js';
import type { Ballot, Motion, Person } from '../src/core/model/entities.js';
import { defaultPolicy } from '../src/core/model/policy.js';
import { silentLogger } from '../src/core/ports/logger.port.js';
import type { BallotWrite } from '../src/core/ports/store.port.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const BALLOTS = arg('ballots', 4000);
const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = `plenary_bench_cast_${process.pid}`;

// As the vote path does: one chained event per batch, listing its ballots.
const eventsFor: BallotWrite['eventsFor'] = (counted) => [{ type: 'ballots.cast', actorId: null, payload: { motion: 1, ballots: counted.map((c) => ({ personId: c.ballot.personId, choice: c.ballot.choice, changed: c.changed })) } }];

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  await admin(`CREATE DATABASE "${dbName}"`);
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', log: silentLogger, migrateOnOpen: true, poolSize: 10 });
  try {
    const store = new PrismaStore(db.prisma, process.argv.includes('--prisma-tx') ? {} : { sql: db.sql });
    const voters: Person[] = [];
    for (let from = 0; from < BALLOTS; from += 500) {
      const chunk = Array.from({ length: Math.min(500, BALLOTS - from) }, (_, k) => from + k);
      const created = await store.transaction(async (tx) => {
        const list: Person[] = [];
        for (const i of chunk) list.push(await tx.createPerson(`voter ${i}`, { platform: 'console', externalId: `v${i}`, displayName: `voter ${i}` }));
        return list;
      });
      voters.push(...created);
    }
    let run = 0;
    const newMotion = (): Promise<Motion> =>
      store.transaction(async (tx) => {
        const a = await tx.createAssembly({ kind: 'local', name: `bench ${++run}`, level: 0, parentAssemblyId: null, policy: defaultPolicy() });
        const at = new Date();
        return tx.createMotion({
          assemblyId: a.id, kind: 'resolution', method: 'yes-no-abstain', title: 't', body: '', options: [], seats: 1,
          quorum: { num: 0, den: 1, strict: false }, threshold: { num: 1, den: 2, strict: true }, secret: false, secondsRequired: 0,
          movedById: voters[0]!.id, payload: {}, votingHours: 1, status: 'open', opensAt: at, closesAt: new Date(at.getTime() + 3_600_000),
        });
      });

    // One motion's ballots in batches of `size`, one batch at a time (what BallotWriter does per motion).
    const lane = async (m: Motion, size: number, latencies: number[]): Promise<void> => {
      for (let i = 0; i < voters.length; i += size) {
        const ballots: Ballot[] = voters.slice(i, i + size).map((v) => ({ motionId: m.id, personId: v.id, choice: { kind: 'yes-no-abstain', value: 'yes' }, castAt: new Date() }));
        const t0 = performance.now();
        await store.castBallots({ assemblyId: m.assemblyId, motionId: m.id, secret: false, ballots, eventsFor });
        latencies.push(performance.now() - t0);
      }
    };

    console.log(`castBallots on PostgreSQL, ${BALLOTS} ballots per motion (all first casts), pool 10`);
    for (const motions of [1, 4]) {
      for (const size of [1, 50, 200]) {
        const ms = await Promise.all(Array.from({ length: motions }, newMotion));
        const latencies: number[] = [];
        const t0 = performance.now();
        await Promise.all(ms.map((m) => lane(m, size, latencies)));
        const secs = (performance.now() - t0) / 1000;
        latencies.sort((x, y) => x - y);
        const p = (q: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
        console.log(`  motions ${motions}  batch ${String(size).padStart(3)}: ${Math.round((BALLOTS * motions) / secs).toString().padStart(6)} ballots/s  per call p50 ${p(0.5)} ms  p99 ${p(0.99)} ms`);
      }
    }
  } finally {
    await db.close();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

await main();
