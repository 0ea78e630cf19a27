import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnvelope, ed25519Signer, generateDeploymentKey, unwrapEnvelope, type EventBody } from '../../../src/core/federation-protocol/index.js';
import { asAssemblyId } from '../../../src/core/shared/ids.js';
import { DeploymentWorld } from '../../support/deployment-processes.js';
import { federationAtB, privately, refusals, sendSigned, startOnPostgres, until, verdict, type Watched } from '../../support/deployment-threats.js';
import type { MatrixTestUser, SeenEvent } from '../../support/matrix-test-user.js';
import { FED_A_URL, FED_B_URL, FED_SECRET, federatingPairUnavailable } from '../../support/federation-homeservers.js';

/**
 * Issue 19's threat model end to end, one test per threat (docs/FEDERATION-PROTOCOL.md §8):
 * two `plenary start` processes on the two federating homeservers, each on its
 * own PostgreSQL database the test also reads. B hosts the federation (its
 * council and Hillside); A's Riverside joins it by remote invitation. What a
 * lying deployment sends is signed with A's own key (from its data
 * directory); what a homeserver could do is posted through A's federation
 * account's own Matrix client. A's recall policy time is 15 s.
 */
const reason = await federatingPairUnavailable();
const FLOOD = 250;

describe.skipIf(reason !== null)(`GIVEN two deployments on two federating homeservers, one federation between them${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let world: DeploymentWorld;
  let A: Watched;
  let B: Watched;
  let bea: MatrixTestUser;
  let bo: MatrixTestUser;
  let ada: MatrixTestUser;
  let ari: MatrixTestUser;
  let council: string;
  let riversideRoom: string;
  let linkRoom: string;
  let riverside: string;
  let forged = 0;
  const logs = () => [A, B].flatMap((w) => w.d.process.logs.filter((l) => Number(l.level) >= 40).map((l) => `${w.d.label}: ${JSON.stringify(l)}`)).slice(-40).join('\n');
  const said = (who: MatrixTestUser, room: string, pattern: RegExp, what: string) => who.waitFor(room, (e: SeenEvent) => typeof e.content.body === 'string' && pattern.test(e.content.body), what, 90_000);

  beforeAll(async () => {
    world = await DeploymentWorld.create(FED_SECRET);
    [A, B] = await Promise.all([startOnPostgres(world, 'a', FED_A_URL, { PLENARY_FEDERATION_RECALL_CONFIRM_MINUTES: '0.25' }), startOnPostgres(world, 'b', FED_B_URL)]);
    ({ bea, bo, council } = await federationAtB(world, B.d, 'Threat Transit'));
    ada = await world.person(A.d, 'ada');
    ari = await world.person(A.d, 'ari');
    const line = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await world.say(B.d, bea, council, '!federation invite --remote'))?.[0];
    riversideRoom = await world.room(A.d, ada, [ari]);
    await world.say(A.d, ada, riversideRoom, '!assembly setup Riverside');
    await world.say(A.d, ari, riversideRoom, '!join --accept-values');
    await world.say(A.d, ada, riversideRoom, `!federation join ${String(line)}`);
    for (const p of [ada, ari]) await world.say(A.d, p, riversideRoom, '!vote 1 yes');
    await until('B to list Riverside', async () => ((await world.say(B.d, bea, council, '!federation show "Threat Transit"')).includes('Riverside') ? true : null), 120_000, logs);
    riverside = (await A.store.read.assemblyByName('Riverside'))!.id;
    linkRoom = (await A.store.read.remotes.mirrorsOf('parent-link', [riverside]))[0]!.data.roomId as string;
  }, 300_000);
  afterAll(async () => {
    await world.close();
    // Also when the start failed half way: whatever was opened is closed.
    for (const w of [A, B] as (Watched | undefined)[]) await w?.db.close();
  });

  it('WHEN B is down while A recalls its delegate THEN A shows the recall as not confirmed by B after its policy time, and says so again once B confirms', { timeout: 300_000 }, async () => {
    expect(await world.say(A.d, ada, riversideRoom, '!nominate "Threat Transit"')).toContain('nominated');
    expect(await world.say(A.d, ada, riversideRoom, '!election call "Threat Transit"')).toContain('#2');
    for (const p of [ada, ari]) expect(await privately(A.d, p, '!vote "Riverside#2" 1')).toContain('recorded');
    await until('B to invite Ada into the council room', async () => ((await bea.membership(council, ada.id)) === 'invite' ? true : null), 90_000, logs);
    await world.stop(B.d);
    expect(await world.say(A.d, ari, riversideRoom, `!recall ${ada.id}`)).toMatch(/#3/);
    for (const p of [ari, ada]) expect(await privately(A.d, p, '!vote "Riverside#3" yes')).toContain('recorded');
    const shown = await said(ada, riversideRoom, /Recall not confirmed by dep_/, 'A showing the recall unconfirmed');
    expect(String(shown.content.body)).toContain(B.identity.deployment);
    expect(await world.say(A.d, ada, riversideRoom, '!federation show')).toMatch(/not confirmed by dep_/);
    await world.restart(B.d);
    await said(ada, riversideRoom, /Recall confirmed by dep_/, 'A recording the late confirmation');
    expect((await A.store.read.events(asAssemblyId(riverside))).filter((e) => e.type === 'federation.recall-confirmed').map((e) => e.payload.late)).toEqual([true]);
  });

  it('WHEN B relays a proposal that A\'s Riverside accepts THEN B counts A\'s signed decision, and refuses one A signs for Hillside, an assembly B hosts: not the host', { timeout: 180_000 }, async () => {
    const drafted = await world.say(B.d, bo, council, '!proposal draft "Night buses" --text "Run night buses." --rule 2 --deadline 30');
    await world.say(B.d, bo, council, `!vote ${String(/#(\d+)/.exec(drafted)?.[1])} yes`);
    const offered = await said(ada, riversideRoom, /Night buses/, 'the proposal offered in Riverside');
    const motion = /#(\d+)/.exec(String(offered.content.body))?.[1];
    expect(motion, String(offered.content.body)).toBeDefined();
    for (const p of [ada, ari]) await world.say(A.d, p, riversideRoom, `!vote ${String(motion)} yes`);
    const p = await until('B to count Riverside', async () => {
      const proposal = await B.store.read.relay.proposalByNumber(1);
      return proposal && (await B.store.read.relay.rootReferral(proposal.id, 1))?.accepted === 1 ? proposal : null;
    }, 90_000, logs);
    const hillside = (await B.store.read.assemblyByName('Hillside'))!;
    const key = await sendSigned(A, linkRoom, 'org.plenary.decision', decisionBody(`${B.identity.deployment}/${hillside.id}`, `${B.identity.deployment}/${p.id}`, 1, 2), forged++, 'not-host');
    expect(await until('B\'s verdict', () => verdict(B, key), 60_000, logs)).toMatchObject({ status: 'refused', note: 'not_host' });
    expect((await B.store.read.relay.rootReferral(p.id, 1))?.accepted).toBe(1);
  });

  it('WHEN an event of A is altered or emptied on its way THEN B refuses it (signature, form) and keeps the original', { timeout: 120_000 }, async () => {
    const decision = (await A.raw.events(linkRoom, 1000)).find((e) => e.type === 'org.plenary.decision' && e.sender === A.d.federationBot.userId);
    expect(decision).toBeDefined();
    const env = decision!.content as { body: EventBody<'org.plenary.decision'> };
    const before = refusals(B).length;
    await A.raw.send(linkRoom, 'org.plenary.decision', { ...env, body: { ...env.body, members: 300 } });
    await A.raw.send(linkRoom, 'org.plenary.referral', {});
    await until('B to refuse both', () => (refusals(B).length >= before + 2 ? true : null), 60_000, logs);
    expect(refusals(B).slice(before).map((l) => l.reason).sort()).toEqual(['bad_signature', 'malformed']);
    expect((await B.store.read.relay.rootReferral((await B.store.read.relay.proposalByNumber(1))!.id, 1))?.accepted).toBe(1);
  });

  it('WHEN A\'s homeserver forges an event as A\'s federation account THEN B refuses it: no deployment signature', { timeout: 120_000 }, async () => {
    const stranger = ed25519Signer(generateDeploymentKey('forger'));
    const body: EventBody<'org.plenary.seat'> = { assembly: `${A.identity.deployment}/${riverside}`, parent_assembly: `${B.identity.deployment}/${(await B.store.read.assemblyByName('Threat Transit Council'))?.id ?? 'x'}`, seat: 1, delegate: '@mallory:example.org', motion: 9, term_ends: null, chain_head: { seq: 1, hash: 'a'.repeat(64) } };
    const seq = (await A.store.peerOutbox.lastSeq(linkRoom)) + 1;
    const env = unwrapEnvelope(buildEnvelope({ type: 'org.plenary.seat', roomId: linkRoom, deployment: A.identity.deployment, idempotencyKey: 'forged/seat', seq, sentAt: new Date(), body }, { ...stranger, keyId: A.identity.signer.keyId }));
    const before = refusals(B).length;
    await A.raw.send(linkRoom, 'org.plenary.seat', env);
    await until('B to refuse it', () => (refusals(B).length > before ? true : null), 60_000, logs);
    expect(refusals(B).slice(before)[0]).toMatchObject({ type: 'org.plenary.seat', reason: 'bad_signature' });
    expect(await B.store.links.inboxEntry('forged/seat')).toBeNull();
  });

  it('WHEN A\'s counted decision is replayed (the same signed event posted again), and A sends one on a superseded version THEN the replay changes nothing and the old version is recorded, not counted', { timeout: 240_000 }, async () => {
    const p = (await B.store.read.relay.proposalByNumber(1))!;
    const ref = `${B.identity.deployment}/${p.id}`;
    const [counted] = await B.store.links.countedDecisions(ref, 1, 10);
    expect(counted).toBeDefined();
    const original = (await B.store.links.inboxEntry(counted!.idempotencyKey))!;
    // Anyone in the room (a homeserver, a peer) posts the counted event again, byte for byte.
    await A.raw.send(linkRoom, 'org.plenary.decision', original.content);
    // One room, one order: once a later event of A is applied, the replay was read.
    const after = await sendSigned(A, linkRoom, 'org.plenary.heartbeat', { heads: [], last_seq_received: await B.store.peerOutbox.lastSeq(linkRoom) }, forged++, 'after-replay');
    expect(await until('B to read past the replay', () => verdict(B, after), 150_000, logs)).toMatchObject({ status: 'applied' });
    expect(await B.store.links.countedDecisions(ref, 1, 10)).toEqual([counted]);
    expect(await B.store.links.inboxEntry(counted!.idempotencyKey)).toMatchObject({ status: original.status, seq: original.seq });
    expect((await B.store.read.relay.rootReferral(p.id, 1))?.accepted).toBe(1);
    const amended = await world.say(B.d, bo, council, '!proposal amend P-1 --text "Run night buses.\nAnd trams." --note "trams"');
    await world.say(B.d, bo, council, `!vote ${String(/#(\d+)/.exec(amended)?.[1])} yes`);
    await until('B to issue version 2', async () => ((await B.store.read.relay.proposalByNumber(1))?.currentVersion === 2 ? true : null), 60_000, logs);
    const mine = decisionBody(`${A.identity.deployment}/${riverside}`, ref, 1, 2);
    const late = await sendSigned(A, linkRoom, 'org.plenary.decision', { ...mine, motion: 9 }, forged++, 'superseded');
    expect(await until('B\'s verdict on the old version', () => verdict(B, late), 60_000, logs)).toMatchObject({ status: 'recorded', note: 'superseded' });
    expect((await B.store.read.relay.rootReferral(p.id, 1))?.accepted).toBe(1);
    expect((await B.store.read.relay.rootReferral(p.id, 2))?.accepted).toBe(0);
  });

  it('WHEN A reports more members than its record allows THEN B counts the allowed figure and flags it to B\'s facilitators', { timeout: 120_000 }, async () => {
    const p = (await B.store.read.relay.proposalByNumber(1))!;
    const history = await B.store.links.memberCounts(`${A.identity.deployment}/${riverside}`);
    const last = history.reduce((x, h) => (h.chainSeq > x.chainSeq ? h : x));
    const key = await sendSigned(A, linkRoom, 'org.plenary.decision', { ...decisionBody(`${A.identity.deployment}/${riverside}`, `${B.identity.deployment}/${p.id}`, 2, 400), chain_head: { seq: last.chainSeq + 2, hash: 'e'.repeat(64) } }, forged++, 'inflated');
    expect(await until('B\'s verdict', () => verdict(B, key), 60_000, logs)).toMatchObject({ status: 'applied', note: 'member count flagged: inflated' });
    await said(bea, council, /Member count of Riverside .* flagged/, 'the flag posted in the council room');
    expect(await world.say(B.d, bea, council, '!federation show')).toMatch(/Riverside .*member count flagged once.*reported 400, counted \d+/);
  });
  // The quota and the fair drain of a validly signed flood: flood.e2e.test.ts.
  it('WHEN a peer floods B with unsigned events under a claimed deployment THEN B refuses every one and keeps none, while it still serves the other peer and its own members', { timeout: 240_000 }, async () => {
    const flooded = () => refusals(B).filter((l) => l.type === 'org.plenary.heartbeat' && l.reason === 'malformed');
    const started = Date.now();
    // Claimed as another deployment: it fills only that claimed peer's queue at B. One at a time, as a homeserver keeps a room's order.
    for (let i = 0; i < FLOOD; i++) await A.raw.send(linkRoom, 'org.plenary.heartbeat', { protocol: 1, deployment: 'dep_flood', n: i });
    const posted = Date.now() - started;
    // A, the other peer, signs a heartbeat after the flood; B's members ask B something meanwhile.
    const beat = await sendSigned(A, linkRoom, 'org.plenary.heartbeat', { heads: [], last_seq_received: await B.store.peerOutbox.lastSeq(linkRoom) }, forged++, 'after-flood');
    const asked = Date.now();
    expect(await world.say(B.d, bea, council, '!federation show')).toContain('Riverside');
    const answered = Date.now() - asked;
    expect(await until('B to apply A\'s heartbeat', () => verdict(B, beat), 150_000, logs)).toMatchObject({ status: 'applied' });
    const whenServed = flooded().length;
    await until('B to refuse the whole flood', () => (flooded().length >= FLOOD ? true : null), 120_000, logs);
    // Nothing of the flood was kept: no lane, no inbox entry for the claimed peer.
    expect((await B.store.links.lanesIn(linkRoom)).map((l) => l.sender)).not.toContain('dep_flood');
    const times = flooded().map((l) => Number(l.time)).sort((x, y) => x - y);
    console.info(`flood of ${String(FLOOD)}: posted in ${String(posted)} ms, refused over ${String(times.at(-1)! - times[0]!)} ms; a command at B answered in ${String(answered)} ms; A's heartbeat applied after ${String(whenServed)} flood events`);
  });
});

function decisionBody(assembly: string, proposal: string, version: number, members: number): EventBody<'org.plenary.decision'> {
  return {
    assembly, proposal, version, decision: 'accept', amendment: null, motion: 4, closed_at: new Date().toISOString(),
    tally: { yes: members, no: 0, abstain: 0, eligible: members, quorum_met: true }, members, ballots_sha256: 'a'.repeat(64), chain_head: { seq: 40, hash: 'b'.repeat(64) },
  };
}
