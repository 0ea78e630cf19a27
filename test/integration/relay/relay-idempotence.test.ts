import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { systemClock } from '../../../src/core/ports/clock.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { createPlenary } from '../../../src/core/plenary.js';
import { cascade, recordDecisions, relayDown, rollup } from '../../../src/core/relay/index.js';
import type { CoreDeps } from '../../../src/core/services/deps.js';
import type { ProposalId } from '../../../src/core/shared/ids.js';
import { auditAssembly } from '../../../src/core/services/audit.service.js';
import { buildTree, type Tree } from '../../support/relay-fixture.js';
import { testDatabase, type TestDatabase } from '../../support/test-database.js';
import { dispatch } from '../../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../../src/core/commands/text-grammar.js';

/*
 * "The same job delivered twice, concurrently: one effect", on PostgreSQL:
 * every relay step is run twice at the same moment (as two workers would,
 * after a redelivery) and must change the state exactly as once.
 */
describe('relay steps delivered twice, concurrently, on PostgreSQL', () => {
  let db: TestDatabase;
  let deps: CoreDeps;
  let run: (user: string, room: string, line: string) => Promise<void>;
  let t: Tree;
  let proposalId: ProposalId;

  beforeAll(async () => {
    db = await testDatabase({ poolSize: 12 });
    const plenary = createPlenary({ store: new PrismaStore(db.prisma, { sql: db.sql }), clock: systemClock, log: silentLogger, senders: new Map() });
    deps = plenary.deps;
    run = async (user, room, line) => {
      const parsed = parseCommandLine(plenary.table, line);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const r = await dispatch({ deps, actor: { platform: 'console', externalId: user, displayName: user }, room: { platform: 'console', roomId: room }, requestId: 't', roomAdmin: true }, parsed.value.spec, parsed.value.args);
      const bad = r.replies.find((m) => m.tone === 'error');
      if (bad) throw new Error(`${bad.title}: ${bad.body ?? ''}`);
    };
    t = await buildTree(deps.store, { fanout: 3, depth: 2, membersPerLocal: 2 });
    await run('Transit Council-m1', t.room(t.root), 'proposal draft "Bikes" --text "Bike lanes." --rule 2');
    for (const m of t.members(t.root)) await run(m, t.room(t.root), 'vote 1 yes');
    const p = await deps.store.read.relay.proposalByNumber(1);
    if (!p) throw new Error('not issued');
    proposalId = p.id;
  }, 60_000);
  afterAll(() => db.close());

  const count = async (sql: string): Promise<number> => Number((await db.sql.withSession((s) => s.query<{ n: string }>(sql)))[0]?.n ?? 0);

  it('relay down twice at once: each member offered the proposal once, one motion and one announcement each', async () => {
    const root = await deps.store.read.relay.rootReferral(proposalId, 1);
    const key = 'test.down.twice';
    await deps.store.transaction((tx) => tx.relay.enqueueMany([{ kind: 'relay.down', dedupeKey: key, payload: { referralIds: [root?.id] } }]));
    const [a, b] = await Promise.all([relayDown(deps, [root?.id ?? ''], { outboxKey: key }), relayDown(deps, [root?.id ?? ''], { outboxKey: key })]);
    expect(a.referred + b.referred).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM referral WHERE depth = 1`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM motion WHERE kind = 'proposal_response'`)).toBe(3);
    // The relay's own sends (this core runs no bot, so its other announcements are queued too, as `send.announce.…`).
    expect(await count(`SELECT count(*) AS n FROM outbox_item WHERE kind = 'platform.send' AND dedupe_key NOT LIKE 'send.announce.%'`)).toBe(2);
    // Without the outbox row's guard, the lock on the parent still keeps a second run from offering anything again.
    const again = await relayDown(deps, [root?.id ?? '']);
    expect(again.referred).toBe(0);
  });

  it('the same decisions twice at once: recorded once, counted once', async () => {
    const level1 = await db.sql.withSession((s) => s.query<{ id: string }>(`SELECT id::text FROM referral WHERE depth = 1 ORDER BY id`));
    const decisions = level1.map((r) => ({ referralId: r.id, decision: 'accepted' as const }));
    const [a, b] = await Promise.all([recordDecisions(deps, decisions), recordDecisions(deps, decisions)]);
    const recorded = (a.ok ? a.value.recorded : 0) + (b.ok ? b.value.recorded : 0);
    // The second batch waits on the referral locks and finds them decided: an accepted delegates' assembly cannot change its mind.
    expect(recorded).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM event WHERE type = 'proposal.decided'`)).toBe(3);
    expect(await count(`SELECT count(*) AS n FROM outbox_item WHERE kind = 'relay.down'`)).toBeGreaterThanOrEqual(1);
    const down = await db.sql.withSession((s) => s.query<{ ids: string[] }>(`SELECT payload->'referralIds' AS ids FROM outbox_item WHERE kind = 'relay.down' AND payload->'referralIds' ?| $1::text[]`, [level1.map((r) => r.id)]));
    await Promise.all(down.flatMap((d) => [relayDown(deps, d.ids), relayDown(deps, d.ids)]));
    expect(await count(`SELECT count(*) AS n FROM referral WHERE depth = 2`)).toBe(9);
  });

  it('two rollups at once agree with one; the adoption is recorded once', async () => {
    const locals = await db.sql.withSession((s) => s.query<{ id: string }>(`SELECT id::text FROM referral WHERE depth = 2 ORDER BY id LIMIT 2`));
    const r = await recordDecisions(deps, locals.map((l) => ({ referralId: l.id, decision: 'accepted' as const })));
    expect(r.ok && r.value.recorded).toBe(2);
    const [x, y] = await Promise.all([rollup(deps, proposalId, 1), rollup(deps, proposalId, 1)]);
    const root = await deps.store.read.relay.rootReferral(proposalId, 1);
    expect(root).toMatchObject({ localTotal: 9, accepted: 2, pending: 7, membersCovered: 4 });
    expect([x.adopted, y.adopted].filter(Boolean)).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM event WHERE type = 'proposal.adopted'`)).toBe(1);
  });

  it('the adoption cascade twice at once: every assembly told once', async () => {
    const row = await db.sql.withSession((s) => s.query<{ key: string; payload: { referralIds: string[] } }>(`SELECT dedupe_key AS key, payload FROM outbox_item WHERE kind = 'relay.cascade'`));
    const first = row[0];
    if (!first) throw new Error('no cascade queued');
    const step = { action: 'adopted' as const, proposalId, version: 1, referralIds: first.payload.referralIds, after: null };
    await Promise.all([cascade(deps, step, { outboxKey: first.key }), cascade(deps, step, { outboxKey: first.key })]);
    // The three members and the origin, one message each (the key of each message is unique, so a second row would show).
    expect(await count(`SELECT sum(jsonb_array_length(payload->'items')) AS n FROM outbox_item WHERE dedupe_key LIKE 'send.adopted.%'`)).toBe(4);
    for (const id of await deps.store.read.assemblyIds()) {
      const a = await deps.store.read.assembly(id);
      if (!a) continue;
      const audit = await auditAssembly(deps.store.read, a);
      expect({ name: a.name, chain: audit.chain, mismatches: audit.mismatches }).toEqual({ name: a.name, chain: [], mismatches: [] });
    }
  });
});
