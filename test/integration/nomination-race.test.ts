import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { federationModule } from '../../src/core/federation/index.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { ok } from '../support/federation-scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * A member nominated for a federation's seats several times at once (by
 * others and by herself, from two chat clients, or a command delivered twice)
 * stands once: one open nomination, one `nomination.made` in the record, and
 * every other attempt told she is already nominated; and `election call` run by
 * several members at once opens one election. Raced on real
 * PostgreSQL, where the check and the insert are separate statements.
 */
const ROUNDS = 6;
const RACERS = 8;

let db: TestDatabase;
let s: Scenario;

beforeAll(async () => {
  db = await testDatabase({ poolSize: 10 });
  const m = federationModule();
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }), extraCommands: m.commands, extraKinds: m.kinds, observers: m.observers });
});
afterAll(async () => {
  await db.close();
});

describe('delegates\' nominations on PostgreSQL', () => {
  it(`GIVEN ${RACERS} nominations of one member racing (half by another member, half by herself) THEN in each of ${ROUNDS} rounds exactly one is made`, async () => {
    const problems: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const [top, home, fed] = [`#top-${i}`, `#home-${i}`, `Fed${i}`];
      await ok(s.run(`founder${i}`, top, `federation create ${fed} --purpose "Round ${i}"`));
      await ok(s.run(`ana${i}`, home, `assembly setup "Home ${i}"`));
      await ok(s.run(`ben${i}`, home, 'join'));
      const code = /Code: (\S+)/.exec(await ok(s.run(`founder${i}`, top, 'federation invite')))![1]!;
      await ok(s.run(`ana${i}`, home, `federation join ${code}`));
      for (const who of [`ana${i}`, `ben${i}`]) await ok(s.run(who, home, 'vote 1 yes'));
      const replies = await Promise.all(Array.from({ length: RACERS }, (_, k) => (k % 2 === 0 ? s.run(`ana${i}`, home, `nominate ${fed} --person ben${i}`) : s.run(`ben${i}`, home, `nominate ${fed}`))));
      const made = replies.filter((r) => r.ok).length;
      if (made !== 1) problems.push(`round ${i}: ${made} nominations made`);
      for (const r of replies.filter((x) => !x.ok)) if (!r.text.includes('already nominated')) problems.push(`round ${i}: ${r.text}`);
      const homeId = (await s.deps.store.read.bindingByRoom('console', home))!.assemblyId;
      const events = (await s.deps.store.read.events(homeId)).filter((e) => e.type === 'nomination.made');
      if (events.length !== 1) problems.push(`round ${i}: ${events.length} nomination.made events`);
      // Then four members' `election call` at once: one election, the others told there is nobody left to elect.
      await ok(s.run(`ben${i}`, home, `nomination accept ${fed}`).then((r) => (r.ok || r.text.includes('already accepted') ? { ok: true, text: r.text } : r)));
      const calls = await Promise.all(Array.from({ length: 4 }, (_, k) => s.run(k % 2 === 0 ? `ana${i}` : `ben${i}`, home, `election call ${fed}`)));
      const opened = calls.filter((r) => r.ok).length;
      if (opened !== 1) problems.push(`round ${i}: ${opened} elections opened`);
      const elections = (await s.deps.store.read.motions(homeId, ['open'])).filter((m) => m.kind === 'election');
      if (elections.length !== 1) problems.push(`round ${i}: ${elections.length} open election motions`);
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
