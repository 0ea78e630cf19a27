import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { federationModule } from '../../src/core/federation/index.js';
import { enactAdopted } from '../../src/core/laws/adopted.js';
import { lawModule } from '../../src/core/laws/index.js';
import type { Assembly } from '../../src/core/model/entities.js';
import type { Proposal, Referral } from '../../src/core/relay/model.js';
import { closeMotion } from '../../src/core/services/closing.service.js';
import { asFederationId, asProposalId } from '../../src/core/shared/ids.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { ok } from '../support/federation-scenario.js';
import { testDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Issue 20: law numbers are handed out per assembly from its highest. A
 * resolution closing takes its assembly's lock before it numbers its law; the
 * relay taking in an adopted federation proposal (the same assembly, the same
 * moment) must take that lock too, or both read the same highest number and
 * one transaction fails on the unique (assembly, number) key. Each round
 * races the two on real PostgreSQL, in three assemblies at once (the relay
 * writes a batch of them, the resolutions close one each), with a jitter of
 * a few milliseconds moving the overlap around.
 */
const ROUNDS = Number(process.env.LAW_RACE_ROUNDS ?? 30);
const TOWNS = 3;
const HOUR = 3_600_000;

let db: TestDatabase;
let s: Scenario;
const towns: Assembly[] = [];

beforeAll(async () => {
  db = await testDatabase({ poolSize: 12 });
  const f = federationModule();
  const l = lawModule();
  s = new Scenario({ store: new PrismaStore(db.prisma, { sql: db.sql }), extraCommands: [...f.commands, ...l.commands], extraKinds: [...f.kinds, ...l.kinds], observers: f.observers });
  for (let t = 0; t < TOWNS; t++) {
    await ok(s.run(`ana${t}`, `#town${t}`, `assembly setup "Race Town ${t}"`));
    await ok(s.run(`ben${t}`, `#town${t}`, 'join'));
    towns.push((await s.deps.store.read.assemblyByName(`Race Town ${t}`))!);
  }
}, 60_000);
afterAll(async () => {
  await db.close();
});

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.round(ms)));

/** A proposal adopted upstairs that every town accepted (its referral there): what a cascade step hands `enactAdopted`. */
function adoptedProposal(round: number): { proposal: Proposal; accepted: { referral: Referral; assembly: Assembly }[] } {
  const proposal: Proposal = { id: asProposalId(randomUUID()), number: round + 1, federationId: asFederationId(randomUUID()), originAssemblyId: towns[0]!.id, status: 'adopted', adoptionRule: { kind: 'count', atLeast: 1 }, deadline: null, currentVersion: 1, adoptedAt: new Date(), closedAt: null, createdAt: new Date() };
  const accepted = towns.map((assembly) => ({
    assembly,
    referral: { id: randomUUID(), proposalId: proposal.id, version: 1, assemblyId: assembly.id, parentReferralId: randomUUID(), depth: 1, status: 'accepted' as const, reason: null, reasonMessage: null, amendmentText: null, responseMotionId: null, decidedAt: new Date(), memberCount: 2, relayedAt: null, localTotal: 1, accepted: 1, rejected: 0, amendRequested: 0, pending: 0, membersCovered: 2 },
  }));
  return { proposal, accepted };
}

describe('law numbers under concurrency (PostgreSQL)', () => {
  it(`GIVEN ${ROUNDS} rounds of resolutions closing while an adoption writes laws into the same assemblies THEN every transaction commits and each book is numbered 1..n without gaps or duplicates`, async () => {
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const motions = [];
      for (let t = 0; t < TOWNS; t++) {
        const r = await ok(s.run(`ana${t}`, `#town${t}`, `motion propose "Rule ${round}" --body "Rule ${round} of town ${t}."`));
        const n = Number(/#(\d+)/.exec(r)![1]);
        await ok(s.run(`ana${t}`, `#town${t}`, `vote ${n} yes`));
        motions.push((await s.deps.store.read.motionByNumber(towns[t]!.id, n))!);
      }
      s.clock.advance(73 * HOUR);
      const { proposal, accepted } = adoptedProposal(round);
      const jitter = (round % 5) * 1.5;
      const results = await Promise.allSettled([
        pause(jitter).then(() => s.deps.store.transaction((tx) => enactAdopted(tx, proposal, accepted, s.clock.now()))),
        ...motions.map((m, i) => pause((i * 2 + round) % 4).then(() => closeMotion(s.deps, m.id, 'deadline'))),
      ]);
      for (const r of results) if (r.status === 'rejected') failures.push(`round ${round}: ${(r.reason as Error).message.split('\n').at(-1)}`);
    }
    expect(failures).toEqual([]);
    for (const town of towns) {
      const laws = await s.deps.store.read.laws.laws(town.id, true);
      expect(laws.map((l) => l.number)).toEqual(Array.from({ length: 2 * ROUNDS }, (_, i) => i + 1));
      expect(laws.filter((l) => l.source !== null)).toHaveLength(ROUNDS);
      expect(laws.filter((l) => l.source === null)).toHaveLength(ROUNDS);
    }
  }, 240_000);
});
