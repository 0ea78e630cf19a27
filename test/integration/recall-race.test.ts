import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { federationModule } from '../../src/core/federation/index.js';
import type { Assembly } from '../../src/core/model/entities.js';
import { auditAssembly } from '../../src/core/services/audit.service.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Defect 2 of issue 12: a home assembly passes the recall of its only
 * delegate while that delegate votes upstairs. Whatever order the two
 * transactions commit in, a voided ballot is never in a tally, a motion never
 * closes "everyone voted" on a void, and `audit verify` agrees with the record.
 * Each round races the two on real PostgreSQL (the recall's closing
 * transaction against the ballot and its early close), in a federation of its
 * own; a jitter of a few milliseconds moves the overlap around.
 */
const ROUNDS = Number(process.env.RECALL_RACE_ROUNDS ?? 40);

let db: TestDatabase;
let s: Scenario;

beforeAll(async () => {
  db = await testDatabase({ poolSize: 10 });
  const m = federationModule();
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }), extraCommands: m.commands, extraKinds: m.kinds, observers: m.observers });
});
afterAll(async () => {
  await db?.close();
});

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Round {
  readonly top: string;
  readonly home: string;
  readonly ana: string;
  readonly ben: string;
  readonly federation: string;
}

/** A federation whose assembly of delegates has exactly one delegate (ana), an open motion there, and a recall at home waiting for its last vote. */
async function setUp(i: number): Promise<Round> {
  const r: Round = { top: `#top-${i}`, home: `#home-${i}`, ana: `ana${i}`, ben: `ben${i}`, federation: `Fed${i}` };
  await ok(s.run(`founder${i}`, r.top, `federation create ${r.federation} --purpose "Round ${i}"`));
  await ok(s.run(r.ana, r.home, `assembly setup "Home ${i}"`));
  await ok(s.run(r.ben, r.home, 'join'));
  const code = /Code: (\S+)/.exec(await ok(s.run(`founder${i}`, r.top, 'federation invite')))![1]!;
  await ok(s.run(r.ana, r.home, `federation join ${code}`));
  for (const who of [r.ana, r.ben]) await ok(s.run(who, r.home, 'vote 1 yes'));
  await ok(s.run(r.ana, r.home, `nominate ${r.federation}`));
  await ok(s.run(r.ben, r.home, `election call ${r.federation}`));
  for (const who of [r.ana, r.ben]) await ok(s.run(who, r.home, 'vote 2 1'));
  await ok(s.run(r.ana, r.top, 'motion propose "Buy a bus"'));
  await ok(s.run(r.ben, r.home, `recall ${r.ana}`));
  await ok(s.run(r.ana, r.home, 'vote 3 yes'));
  return r;
}

async function assemblyOf(room: string): Promise<Assembly> {
  const b = await s.deps.store.read.bindingByRoom('console', room);
  const a = b ? await s.deps.store.read.assembly(b.assemblyId) : null;
  if (!a) throw new Error(`no assembly in ${room}`);
  return a;
}

/** What went wrong in this round, if anything. */
async function check(r: Round): Promise<string[]> {
  const reads = s.deps.store.read;
  const problems: string[] = [];
  const [home, top] = [await assemblyOf(r.home), await assemblyOf(r.top)];
  const recall = await reads.motionByNumber(home.id, 3);
  if (recall?.status !== 'passed') problems.push(`the recall did not pass (${recall?.status})`);
  const upstairs = (await reads.motionByNumber(top.id, 1))!;
  const events = await reads.events(top.id);
  const voided = events.find((e) => e.type === 'ballot.voided' && e.payload.motion === 1);
  const closed = events.find((e) => e.type === 'motion.closed' && e.payload.motion === 1);
  if (voided && closed) {
    problems.push(`motion closed (${String(closed.payload.reason)}, ${String(closed.payload.outcome)}, ${String(closed.payload.ballots)} ballot(s)) ${closed.seq > voided.seq ? 'after' : 'before'} its ballot was voided`);
  }
  if (upstairs.result) {
    const stored = await reads.countBallots(upstairs.id);
    if (upstairs.result.ballots !== stored) problems.push(`result counts ${upstairs.result.ballots} ballot(s), ${stored} stand`);
    if (upstairs.result.ballots === 0 && closed?.payload.reason === 'everyone-voted') problems.push('closed "everyone voted" on no ballot at all');
  }
  for (const a of [home, top]) {
    const audit = await auditAssembly(reads, a);
    for (const c of audit.chain) problems.push(`${a.name} chain: event #${c.seq} ${c.problem}`);
    for (const m of audit.mismatches) problems.push(`${a.name} audit: motion #${m.motion}: ${m.problem}`);
  }
  return problems;
}

describe('GIVEN a delegate voting upstairs while the home assembly passes her recall, on PostgreSQL', () => {
  it(`THEN in every one of ${ROUNDS} rounds no voided ballot decides the motion upstairs and audit verify agrees`, async () => {
    const failures: string[] = [];
    let closedEarly = 0;
    let voidedFirst = 0;
    for (let i = 1; i <= ROUNDS; i++) {
      const r = await setUp(i);
      const jitter = (i % 5) - 2; // -2..2 ms: which side starts first moves from round to round
      const [recall, upstairs] = await Promise.all([
        pause(Math.max(0, jitter)).then(() => s.run(r.ben, r.home, 'vote 3 yes')),
        pause(Math.max(0, -jitter)).then(() => s.run(r.ana, r.top, 'vote 1 yes')),
      ]);
      expect(recall.ok, recall.text).toBe(true);
      const top = await assemblyOf(r.top);
      if ((await s.deps.store.read.motionByNumber(top.id, 1))?.status === 'open') voidedFirst++;
      else closedEarly++;
      if (!upstairs.ok && !/recalled|delegates|closed/i.test(upstairs.text)) failures.push(`round ${i}: the vote upstairs failed: ${upstairs.text}`);
      const problems = await check(r);
      if (problems.length > 0) failures.push(`round ${i}: ${problems.join('; ')}`);
    }
    console.info(`recall race: ${failures.length} of ${ROUNDS} rounds failed (${closedEarly} closed first, ${voidedFirst} recall first)`);
    expect(failures).toEqual([]);
  });
});
