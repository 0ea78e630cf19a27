import { afterEach, beforeEach, describe, it } from 'vitest';
import { PrismaStore } from '../../../src/adapters/persistence/prisma-store.js';
import { testDatabase, testPgliteDatabase, type TestDatabase } from '../../support/test-database.js';
import { silentParentFlow } from '../../support/remote-dormancy-flows.js';
import { adoptionFlow, seatFlow, threatFlow, twoDeployments } from '../../support/two-deployments.js';
import { ignoringRecalls, inflatedCountFlow, recallConfirmedFlow, recallIgnoredFlow } from '../../support/recall-flows.js';
import { threeLevels } from '../../support/three-levels.js';
import { forgedSubtreeFlow, subtreeFlow } from '../../support/three-levels-flow.js';
import { decisionChangeFlow } from '../../support/decision-changes.js';
import { lateJoinFlow } from '../../support/late-joiners.js';

/**
 * The two-deployment flows of test/unit/federation/remote-relay.test.ts on
 * PostgreSQL and PGlite: each deployment has its own database, the receiver drains each
 * lane inside a store transaction that also writes the relay's effects and
 * the answers to the peer.
 */
describe('federation across two deployments on PostgreSQL (two databases, loopback carrier)', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeEach(async () => {
    [a, b] = await Promise.all([testDatabase(), testDatabase()]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  const stores = () => ({ a: new PrismaStore(a.prisma, { sql: a.sql }), b: new PrismaStore(b.prisma, { sql: b.sql }) });

  it('joins by remote invitation, relays, counts and adopts', async () => {
    await adoptionFlow(await twoDeployments(23, stores()));
  }, 120_000);

  it('refuses a forged decision, records a replay and a superseded version', async () => {
    await threatFlow(await twoDeployments(29, stores()));
  }, 120_000);

  it('counts a changed decision of a remote child in place of its first, as a local one; a replay and a new version as locally', async () => {
    await decisionChangeFlow(await twoDeployments(43, stores()), [{ kind: 'respond', response: 'reject' }, { kind: 'respond', response: 'accept' }, { kind: 'replay' }, { kind: 'version' }, { kind: 'respond', response: 'amend' }, { kind: 'respond', response: 'accept' }]);
  }, 120_000);

  it('offers the travelling version to a local and a remote late joiner, widens the scope and counts their acceptances', async () => {
    await lateJoinFlow(await twoDeployments(53, stores()));
  }, 120_000);

  it('seats a remote delegate, voids their open ballot upstairs and ends the seat on a recall', async () => {
    await seatFlow(await twoDeployments(31, stores()));
  }, 120_000);

  it('confirms a recall; a parent that ignores one is shown at home after the policy time', async () => {
    await recallConfirmedFlow(await twoDeployments(41, stores()));
    await Promise.all([a.close(), b.close()]);
    [a, b] = await Promise.all([testDatabase(), testDatabase()]);
    await recallIgnoredFlow(await twoDeployments(43, stores(), ignoringRecalls));
  }, 180_000);

  it('flags and shows an inflated member count at the parent', async () => {
    await inflatedCountFlow(await twoDeployments(47, stores()));
  }, 120_000);

  it('counts a remote assembly of delegates as its subtree, adopts, binds only the remote accepters, gives the audit path', async () => {
    await subtreeFlow(await threeLevels(41, { extra: [0, 1, 2] }, stores()));
  }, 120_000);

  it('refuses subtree reports that do not match their signed leaves', async () => {
    await forgedSubtreeFlow(await threeLevels(43, { extra: [0, 1, 2] }, stores()));
  }, 120_000);

  it('a silent parent seen from the child: dormant once, back, then sovereign; its return revives nothing', async () => {
    await silentParentFlow(await twoDeployments(41, stores()));
  }, 120_000);
});

describe('federation across two deployments on PGlite (two embedded databases)', () => {
  it('joins by remote invitation, relays, counts and adopts', async () => {
    const [pa, pb] = await Promise.all([testPgliteDatabase(), testPgliteDatabase()]);
    try {
      await adoptionFlow(await twoDeployments(37, { a: new PrismaStore(pa.prisma), b: new PrismaStore(pb.prisma) }));
    } finally {
      await Promise.all([pa.close(), pb.close()]);
    }
  }, 180_000);

  it('counts a remote assembly of delegates as its subtree', async () => {
    const [pa, pb] = await Promise.all([testPgliteDatabase(), testPgliteDatabase()]);
    try {
      await subtreeFlow(await threeLevels(47, { extra: [0, 1, 2] }, { a: new PrismaStore(pa.prisma), b: new PrismaStore(pb.prisma) }));
    } finally {
      await Promise.all([pa.close(), pb.close()]);
    }
  }, 180_000);
});
