import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';
import { ok } from '../support/federation-scenario.js';

/*
 * Issue 12, defect 9's rule: a decision reads the rule it applies under the
 * same lock as a change to that rule. Raced on real PostgreSQL, a round per
 * assembly: a join against a change of the admission policy, and two settings
 * changed at once.
 */
const ROUNDS = Number(process.env.RULES_RACE_ROUNDS ?? 24);

let db: TestDatabase;
let s: Scenario;

beforeAll(async () => {
  db = await testDatabase({ poolSize: 10 });
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }) });
});
afterAll(async () => {
  await db.close();
});

describe('GIVEN assemblies on PostgreSQL whose facilitator changes a rule while it is being applied', () => {
  it(`THEN a join racing "admission approval" is decided by the rule its record shows, in ${ROUNDS} rounds`, async () => {
    const failures: string[] = [];
    let changeMs = 20;
    let before = 0;
    for (let i = 1; i <= ROUNDS; i++) {
      const room = `#gate-${i}`;
      await ok(s.run(`ana${i}`, room, `assembly setup "Gate ${i}"`));
      // The join starts after a different share of the last change's time each round, so it sweeps across the change.
      const delay = Math.round((((i * 7) % 16) / 16) * changeMs);
      const started = performance.now();
      const [change, join] = await Promise.all([
        s.run(`ana${i}`, room, 'assembly policy admission approval').finally(() => (changeMs = performance.now() - started)),
        new Promise((r) => setTimeout(r, delay)).then(() => s.run(`zed${i}`, room, 'join')),
      ]);
      expect(change.ok, change.text).toBe(true);
      expect(join.ok, join.text).toBe(true);
      const a = (await s.deps.store.read.assemblyByName(`Gate ${i}`))!;
      const events = await s.deps.store.read.events(a.id);
      const changed = events.find((e) => e.type === 'policy.changed')!;
      // The last one: setting up records the facilitator's own join first.
      const joined = events.filter((e) => e.type === 'member.joined' || e.type === 'member.requested').at(-1)!;
      if (joined.seq < changed.seq) before++;
      // After the change in the record, an open-door join is a decision on a rule no longer in force.
      if (joined.type === 'member.joined' && joined.seq > changed.seq) failures.push(`round ${i}: joined as a member (event #${joined.seq}) after admission became approval (event #${changed.seq})`);
      if (joined.type === 'member.requested' && joined.seq < changed.seq) failures.push(`round ${i}: asked for approval (event #${joined.seq}) before admission became approval (event #${changed.seq})`);
    }
    console.info(`join vs. admission change: ${failures.length} of ${ROUNDS} rounds failed; the join was recorded before the change in ${before}, after it in ${ROUNDS - before}`);
    expect(failures).toEqual([]);
  });

  it(`THEN two settings changed at the same moment are both kept, in ${ROUNDS} rounds`, async () => {
    const failures: string[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const room = `#both-${i}`;
      await ok(s.run(`bea${i}`, room, `assembly setup "Both ${i}"`));
      await Promise.all([ok(s.run(`bea${i}`, room, 'assembly policy early-close false')), ok(s.run(`bea${i}`, room, 'assembly policy seconds 2'))]);
      const { policy } = (await s.deps.store.read.assemblyByName(`Both ${i}`))!;
      if (policy.earlyClose || policy.secondsRequired !== 2) failures.push(`round ${i}: early close ${String(policy.earlyClose)}, seconds ${policy.secondsRequired}`);
    }
    console.info(`two settings changes at once: ${failures.length} of ${ROUNDS} rounds lost one`);
    expect(failures).toEqual([]);
  });
});
