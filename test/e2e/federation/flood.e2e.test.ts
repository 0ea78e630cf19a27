import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import type { RawEvent } from '../../../src/core/federation-protocol/index.js';
import { carrierSide, seatBody, until, type CarrierSide } from '../../support/federation-carrier-fixture.js';
import { FED_A_URL, FED_B_URL, debugLog, federatingPairUnavailable, federationAccount } from '../../support/federation-homeservers.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';

/**
 * Issue 19, "a peer floods events" (docs/FEDERATION-PROTOCOL.md §5, §8), on
 * the two real federating homeservers: a receiving deployment C (on A_URL,
 * PostgreSQL) with a low per-peer quota, a flooding peer (on B_URL: its
 * events cross real federation) that sends FLOOD validly signed events in
 * its link room, and an honest peer (on A_URL) that sends a few in its own
 * link room while the flood still drains. The quota holds the flood back;
 * nothing of it is lost; the honest peer does not wait behind it.
 */
const reason = await federatingPairUnavailable();
const FLOOD = 150;
const HONEST = 5;
const QUOTA = { perSecond: 2, burst: 5 };

const suffix = randomBytes(3).toString('hex');
const homeserver = (url: string, name: string) => federationAccount(url, name, suffix);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seatsFrom = (side: CarrierSide, deployment: string) => side.received.filter((r) => r.type === 'org.plenary.seat' && r.sender === deployment);

describe.skipIf(reason !== null)('a peer floods a deployment across two real homeservers', () => {
  const dbs: TestDatabase[] = [];
  const sides: CarrierSide[] = [];
  afterAll(async () => {
    for (const s of sides) await s.carrier.stop();
    for (const d of dbs) await d.close();
  }, 120_000);

  it(`GIVEN a quota of ${String(QUOTA.perSecond)}/s (burst ${String(QUOTA.burst)}) WHEN a peer sends ${String(FLOOD)} signed events THEN all are applied once and in order at no more than the quota, and another peer's events are applied within seconds while the flood still drains`, async () => {
    const db = await testDatabase();
    dbs.push(db);
    const parentAsm = 'dep_pc/asm_1';
    const c = carrierSide({ deployment: 'dep_pc', homeserver: await homeserver(FED_A_URL, 'fedrecv'), store: new PrismaStore(db.prisma, { sql: db.sql }), options: { log: debugLog('C'), inbox: { gapMs: 3000, resendEveryMs: 20_000 }, quota: QUOTA } });
    const flooder = carrierSide({ deployment: 'dep_fl', homeserver: await homeserver(FED_B_URL, 'fedflood'), options: { log: debugLog('flooder'), inbox: { gapMs: 3000, resendEveryMs: 20_000 } } });
    const honest = carrierSide({ deployment: 'dep_ho', homeserver: await homeserver(FED_A_URL, 'fedhonest'), options: { log: debugLog('honest'), inbox: { gapMs: 3000, resendEveryMs: 20_000 } } });
    sides.push(c, flooder, honest);
    for (const [peer, code] of [[flooder, 'PLM-FLOOD'], [honest, 'PLM-HONEST']] as const) {
      await peer.trust(c.identity);
      c.invite(code, parentAsm);
      await peer.requestLink({ deployment: 'dep_pc', botUserId: c.identity.botUserId, assembly: parentAsm }, `${peer.identity.deployment}/asm_2`, code);
    }
    // When each event reaches C's carrier (before its quota).
    const arrived = new Map<string, number>();
    const inbound = c.carrier.inbound;
    const push = inbound.push.bind(inbound);
    inbound.push = (raw: RawEvent) => {
      const key = (raw.content as { idempotency_key?: unknown } | null)?.idempotency_key;
      if (typeof key === 'string' && !arrived.has(key)) arrived.set(key, Date.now());
      push(raw);
    };
    for (const s of sides) s.carrier.start();
    await until('both joins applied at C', () => c.joined.length === 2, 60_000);
    const floodRoom = flooder.opened[0]!.roomId;
    const honestRoom = honest.opened[0]!.roomId;
    await until('both bindings committed', async () => (await c.store.links.hostOf('dep_fl/asm_2')) && (await c.store.links.hostOf('dep_ho/asm_2')));

    const flooding = Date.now();
    await flooder.store.peerOutbox.enqueue(range(1, FLOOD).map((m) => ({ roomId: floodRoom, type: 'org.plenary.seat' as const, body: seatBody('dep_fl', m), idempotencyKey: `flood/${String(m)}` })), new Date());
    const floodArrived = () => range(1, FLOOD).filter((m) => arrived.has(`flood/${String(m)}`)).length;
    // The flood has reached C faster than C applies it: a backlog waits there.
    await until('a backlog of the flood at C', () => floodArrived() - seatsFrom(c, 'dep_fl').length >= 20, 60_000);

    const honestSent = Date.now();
    await honest.store.peerOutbox.enqueue(range(1, HONEST).map((m) => ({ roomId: honestRoom, type: 'org.plenary.seat' as const, body: seatBody('dep_ho', m), idempotencyKey: `honest/${String(m)}` })), new Date());
    await until('the honest peer applied', () => seatsFrom(c, 'dep_ho').length >= HONEST, 60_000);
    const honestDone = Math.max(...seatsFrom(c, 'dep_ho').map((r) => r.at));
    const floodAppliedThen = seatsFrom(c, 'dep_fl').filter((r) => r.at <= honestDone).length;
    const floodArrivedThen = range(1, FLOOD).filter((m) => (arrived.get(`flood/${String(m)}`) ?? Infinity) <= honestDone).length;
    const latencies = seatsFrom(c, 'dep_ho').map((r) => r.at - arrived.get(r.key)!);
    const endToEnd = honestDone - honestSent;

    await until('the whole flood applied', () => seatsFrom(c, 'dep_fl').length >= FLOOD, 180_000);
    const applied = seatsFrom(c, 'dep_fl');
    const firstArrival = Math.min(...applied.map((r) => arrived.get(r.key)!));
    const drained = applied.at(-1)!.at - firstArrival;
    console.info(
      `flood e2e: ${String(FLOOD)} events at quota ${String(QUOTA.perSecond)}/s burst ${String(QUOTA.burst)}: all arrived at C after ${String(Math.max(...applied.map((r) => arrived.get(r.key)!)) - flooding)} ms, drained ${String(drained)} ms after the first arrived; ` +
        `the honest peer's ${String(HONEST)} applied ${String(Math.min(...latencies))}-${String(Math.max(...latencies))} ms after arriving (${String(endToEnd)} ms after sending), when ${String(floodAppliedThen)} of the ${String(floodArrivedThen)} flood events that had arrived were applied`,
    );

    // Every flood event once, in the flooder's order: the surplus waited, nothing was dropped.
    expect(applied.map((r) => (r.body as { motion: number }).motion)).toEqual(range(1, FLOOD));
    expect(applied.map((r) => r.seq)).toEqual([...applied.map((r) => r.seq)].sort((x, y) => x - y));
    // The quota held: after its burst, no faster than perSecond (a little slack for the timer).
    for (let i = QUOTA.burst; i < applied.length; i++) expect(applied[i]!.at - applied[0]!.at).toBeGreaterThanOrEqual(((i - QUOTA.burst) / QUOTA.perSecond) * 1000 - 250);
    // The honest peer did not wait behind the flood's backlog.
    expect(floodArrivedThen - floodAppliedThen).toBeGreaterThanOrEqual(10);
    for (const l of latencies) expect(l).toBeLessThan(3000);
    expect(seatsFrom(c, 'dep_ho').map((r) => (r.body as { motion: number }).motion)).toEqual(range(1, HONEST));
  }, 240_000);
});

describe.runIf(reason !== null)('a peer floods a deployment across two real homeservers', () => {
  it.skip(`skipped: ${reason ?? ''} (start the federating pair, see link-room.e2e.test.ts)`, () => undefined);
});
