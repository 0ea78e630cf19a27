import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSessionOptions } from '../../../src/adapters/persistence/database.js';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { pgSqlDatabase } from '../../../src/adapters/persistence/sql-session.js';
import { dispatch } from '../../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../../src/core/commands/text-grammar.js';
import { systemClock } from '../../../src/core/ports/clock.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { createPlenary } from '../../../src/core/plenary.js';
import { cascade, recordDecisions, rollup } from '../../../src/core/relay/index.js';
import type { CoreDeps } from '../../../src/core/services/deps.js';
import type { ProposalId } from '../../../src/core/shared/ids.js';
import { PrismaClient } from '../../../src/generated/prisma/client.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';
import { buildTree, type Tree } from '../../support/relay-fixture.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../../support/test-database.js';

/*
 * An adoption enters the law book of every accepting local assembly (DOMAIN.md
 * §7.5), from a relay step that may reach 500 of them or a decision batch of
 * hundreds. Those writes must be batch-shaped: a fixed number of statements
 * per batch, whatever the number of assemblies. Per-assembly law lookups
 * (the highest number, the law already taken in) made bench:relay at 100,000
 * assemblies stall for minutes after the adoption. Nothing here is timed: the
 * statements each batch sends to PostgreSQL are counted, and a batch of 36
 * must cost what a batch of 3 costs.
 */

const LOCALS = 40;

describe('law books written on adoption, on PostgreSQL: statements per batch, not per assembly', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: PrismaClient;
  let deps: CoreDeps;
  let t: Tree;
  let run: (user: string, line: string) => Promise<void>;
  /** Statements sent while `counting` is on (every connection of the pool, BEGIN and COMMIT included). */
  const seen: string[] = [];
  let counting = false;

  beforeAll(async () => {
    db = await testDatabase();
    const url = new URL(TEST_ADMIN_URL);
    url.pathname = `/${db.name}`;
    pool = new pg.Pool({ connectionString: withSessionOptions(url.toString()), max: 6 });
    // Every connection the store uses (Prisma's and the raw path's) counts what it sends.
    pool.on('connect', (client) => {
      const send = client.query.bind(client) as (...args: unknown[]) => unknown;
      const counted = (...args: unknown[]): unknown => {
        const first = args[0];
        const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
        if (counting) seen.push(typeof text === 'string' ? text : '?');
        return send(...args);
      };
      Object.assign(client, { query: counted });
    });
    prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const plenary = createPlenary({ store: new PrismaStore(prisma, { sql: pgSqlDatabase(pool) }), clock: systemClock, log: silentLogger, senders: new Map() });
    deps = plenary.deps;
    t = await buildTree(deps.store, { fanout: LOCALS, depth: 1, membersPerLocal: 1 });
    run = async (user, line) => {
      const parsed = parseCommandLine(plenary.table, line);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const r = await dispatch({ deps, actor: { platform: 'console', externalId: user, displayName: user }, room: { platform: 'console', roomId: t.room(t.root) }, requestId: 't', roomAdmin: true }, parsed.value.spec, parsed.value.args);
      const bad = r.replies.find((m) => m.tone === 'error');
      if (bad) throw new Error(`${bad.title}: ${bad.body ?? ''}`);
    };
  }, 120_000);
  afterAll(async () => {
    await prisma.$disconnect();
    await pool.end();
    await db.close();
  });

  const query = async <R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> => (await pool.query<R>(text, params)).rows;

  // Due work only (the response motions' closing timers wait days ahead); PostgreSQL takes no date past year 294,276.
  const drain = (sent: Sent[]) => drainRelay(deps, sent, undefined, new Date(Date.now() + 60_000));

  /** Drafts and passes a proposal at the root (adopted once `rule` locals accept) and relays it to every local. */
  async function issue(title: string, rule: number): Promise<{ id: ProposalId; rootReferral: string; referrals: string[] }> {
    await run('Transit Council-m1', `proposal draft "${title}" --text "${title} for everyone." --rule ${rule}`);
    const motion = (await query<{ n: number }>(`SELECT max(number)::int AS n FROM motion WHERE assembly_id = $1::uuid`, [t.root.id]))[0]?.n;
    for (const m of t.members(t.root)) await run(m, `vote ${motion} yes`);
    const id = (await query<{ id: ProposalId }>(`SELECT p.id::text AS id FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id WHERE v.title = $1`, [title]))[0]?.id;
    if (!id) throw new Error(`${title} was not issued`);
    const sent: Sent[] = [];
    await drain(sent);
    const rows = await query<{ id: string; depth: number }>(`SELECT r.id::text AS id, r.depth FROM referral r JOIN assembly a ON a.id = r.assembly_id WHERE r.proposal_id = $1::uuid ORDER BY a.name`, [id]);
    const rootReferral = rows.find((r) => r.depth === 0)?.id ?? '';
    return { id, rootReferral, referrals: rows.filter((r) => r.depth === 1).map((r) => r.id) };
  }

  async function statements(fn: () => Promise<unknown>): Promise<string[]> {
    seen.length = 0;
    counting = true;
    try {
      await fn();
    } finally {
      counting = false;
    }
    return [...seen];
  }

  const accept = (ids: readonly string[]) => async () => {
    const r = await recordDecisions(
      deps,
      ids.map((referralId) => ({ referralId, decision: 'accepted' as const })),
    );
    if (!r.ok || r.value.refused.length > 0) throw new Error(`not recorded: ${JSON.stringify(r)}`);
  };

  const lawsOf = (proposal: ProposalId) => query<{ number: number; n: number }>(`SELECT number, count(*)::int AS n FROM law WHERE proposal_id = $1::uuid GROUP BY number`, [proposal]);
  const lawStatements = (list: readonly string[]): string[] => list.filter((s) => /\blaw\b/i.test(s));

  it('GIVEN a proposal adopted already WHEN 3 and then 36 local assemblies accept it in one batch each THEN both batches send the same statements, and each assembly gets its law 1 once', async () => {
    const p = await issue('Night buses', 1);
    // The first acceptance adopts it (rule: 1), and the adoption enacts that assembly's law.
    await accept([p.referrals[0] ?? ''])();
    await drain([]);
    expect((await query<{ status: string }>(`SELECT status::text FROM proposal WHERE id = $1::uuid`, [p.id]))[0]?.status).toBe('adopted');

    const small = await statements(accept(p.referrals.slice(1, 4)));
    const large = await statements(accept(p.referrals.slice(4)));
    expect(large.length, `36 assemblies cost ${large.length} statements, 3 cost ${small.length}; the law statements: ${lawStatements(large).length} vs ${lawStatements(small).length}`).toBe(small.length);
    // The law book's share: a fixed handful (the books' laws from the proposal, the highest numbers, the insert).
    expect(lawStatements(large).length).toBeLessThanOrEqual(3);
    // Every one of the 40 is bound once: law 1 of its book, one law.enacted in its record.
    expect(await lawsOf(p.id)).toEqual([{ number: 1, n: LOCALS }]);
    expect((await query<{ n: number }>(`SELECT count(DISTINCT assembly_id)::int AS n FROM event WHERE type = 'law.enacted' AND payload->>'proposal' = 'P-1'`))[0]?.n).toBe(LOCALS);
    // Accepting again changes nothing: no second law.
    await accept(p.referrals.slice(1, 4))().catch(() => undefined);
    expect(await lawsOf(p.id)).toEqual([{ number: 1, n: LOCALS }]);
  }, 120_000);

  it('GIVEN one and then thirty accepting members WHEN the adoption is carried down to them THEN the relay step sends the same statements for both and numbers each new law after the book’s last', async () => {
    // Thirty accept before it is adopted (rule: 30), the thirtieth adopting it; one accepts another (rule: 1).
    // Both relayed first; then decided and counted, the adoptions' relay steps left queued (run below, counted).
    const many = await issue('Bike lanes', 30);
    const one = await issue('Street lights', 1);
    await accept(many.referrals.slice(0, 30))();
    await rollup(deps, many.id, 1);
    await accept(one.referrals.slice(LOCALS - 1))();
    await rollup(deps, one.id, 1);
    expect(await lawsOf(many.id)).toEqual([]);
    for (const id of [many.id, one.id]) expect((await query<{ status: string }>(`SELECT status::text FROM proposal WHERE id = $1::uuid`, [id]))[0]?.status).toBe('adopted');

    const step = (p: { id: ProposalId; rootReferral: string }) => () => cascade(deps, { action: 'adopted', proposalId: p.id, version: 1, referralIds: [p.rootReferral], after: null });
    const forOne = await statements(step(one));
    const forMany = await statements(step(many));
    expect(forMany.length, `30 accepting members cost ${forMany.length} statements, one cost ${forOne.length}; the law statements: ${lawStatements(forMany).length} vs ${lawStatements(forOne).length}`).toBe(forOne.length);
    // Law 1 (Night buses) is in each book already: these are laws 2.
    expect(await lawsOf(many.id)).toEqual([{ number: 2, n: 30 }]);
    expect(await lawsOf(one.id)).toEqual([{ number: 2, n: 1 }]);
    // The same step again (a redelivered job) enacts nothing twice.
    await step(many)();
    expect(await lawsOf(many.id)).toEqual([{ number: 2, n: 30 }]);
  }, 120_000);
});
