import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { federationModule } from '../../src/core/federation/index.js';
import { endDueCommittees } from '../../src/core/laws/committee-terms.js';
import { lawModule } from '../../src/core/laws/index.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Committees past their term on PostgreSQL: the set-based due query finds
 * them (and only them), and sweeps racing end each one once.
 */
const DAY = 86_400_000;
let db: TestDatabase;
let s: Scenario;

beforeAll(async () => {
  db = await testDatabase({ poolSize: 10 });
  const f = federationModule();
  const l = lawModule();
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }), extraCommands: [...f.commands, ...l.commands], extraKinds: [...f.kinds, ...l.kinds], observers: f.observers });
  const lines: [string, string, string][] = [
    ['ana', 'north', 'assembly setup North'],
    ['ben', 'north', 'join'],
    ['ana', 'north', 'motion propose "Short" --kind committee --name "Short Committee" --mandate "x" --seats 1 --term-days 1'],
    ['ana', 'north', 'motion propose "Long" --kind committee --name "Long Committee" --mandate "y" --seats 1 --term-days 30'],
    ...(['ana', 'ben'] as const).flatMap((p): [string, string, string][] => [[p, 'north', 'vote 1 yes'], [p, 'north', 'vote 2 yes']]),
    ['ana', 'north', 'nominate "Short Committee" --person ben'],
    ['ben', 'north', 'nomination accept "Short Committee"'],
    ['ana', 'north', 'committee elect "Short Committee"'],
    ['ana', 'north', 'vote 3 1>2'],
    ['ben', 'north', 'vote 3 1>2'],
  ];
  for (const [who, room, line] of lines) {
    const r = await s.run(who, room, line);
    if (!r.ok) throw new Error(`${line}: ${r.text}`);
  }
}, 120_000);
afterAll(async () => {
  await db.close();
});

describe('committee nominations on PostgreSQL', () => {
  it('GIVEN eight nominations of one member for a committee racing (four by another member, four by himself) THEN exactly one is made and the others are told so', async () => {
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? s.run('ana', 'north', 'nominate "Long Committee" --person ben') : s.run('ben', 'north', 'nominate "Long Committee"'))));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(r.text).toContain('ben is already nominated for Long Committee');
    const long = (await s.deps.store.read.assemblyByName('Long Committee'))!;
    expect((await s.deps.store.read.openCommitteeNominations(long.id)).map((n) => n.personId)).toHaveLength(1);
  });
});

describe('committee terms on PostgreSQL', () => {
  it('GIVEN two committees WHEN the short one’s term passes and three sweeps race THEN only it is due, ended once, its seat revoked once', async () => {
    const short = (await s.deps.store.read.assemblyByName('Short Committee'))!;
    const long = (await s.deps.store.read.assemblyByName('Long Committee'))!;
    expect(await s.deps.store.read.laws.committeesOf(short.parentAssemblyId!)).toEqual([long.id, short.id]);
    expect((await s.deps.store.read.members(short.id, 'active')).length).toBe(1);
    expect(await s.deps.store.read.laws.dueCommittees(s.clock.now(), 10)).toEqual([]);
    s.clock.advance(DAY);
    expect(await s.deps.store.read.laws.dueCommittees(s.clock.now(), 10)).toEqual([short.id]);
    const counts = await Promise.all([endDueCommittees(s.deps), endDueCommittees(s.deps), endDueCommittees(s.deps)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await s.deps.store.read.members(short.id, 'active')).toEqual([]);
    expect((await s.deps.store.read.events(short.id)).filter((e) => e.type === 'committee.ended')).toHaveLength(1);
    expect(await db.prisma.outboxItem.count({ where: { kind: 'access.revoke' } })).toBe(1);
    expect(await s.deps.store.read.laws.dueCommittees(s.clock.now(), 10)).toEqual([]);
    expect(await endDueCommittees(s.deps)).toBe(0);
  });
});
