import { beforeEach, describe, expect, it } from 'vitest';
import { federationModule } from '../../../src/core/federation/index.js';
import { relayModule } from '../../../src/core/relay/index.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { buildTree, type Tree } from '../../support/relay-fixture.js';
import { drainRelay, type Sent } from '../../support/relay-drain.js';

function relayScenario(): Scenario {
  const f = federationModule();
  const r = relayModule();
  return new Scenario({ extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers });
}

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

describe('a proposal relayed down a federation and decided back up', () => {
  let s: Scenario;
  let t: Tree;
  let sent: Sent[];
  const byName = (name: string) => {
    const a = t.levels.flat().find((x) => x.name === name);
    if (!a) throw new Error(name);
    return a;
  };
  /** Every member of the assembly votes on its motion #n. */
  const allVote = async (name: string, n: number, choice: string) => {
    for (const m of t.members(byName(name))) await ok(s.run(m, t.room(byName(name)), `vote ${n} ${choice}`));
  };
  const root = () => t.root;
  const drain = () => drainRelay(s.deps, sent, s.clock);
  const roomsGot = (prefix: string) => sent.filter((x) => x.key.startsWith(prefix)).map((x) => x.roomId);

  beforeEach(async () => {
    s = relayScenario();
    sent = [];
    // Transit Council → Transit.1, Transit.2 (delegates) → four local assemblies of 3 members.
    t = await buildTree(s.deps.store, { fanout: 2, depth: 2, membersPerLocal: 3 });
  });

  it('issues, relays level by level, stops a rejected branch, counts up, supersedes with version 2 and adopts', async () => {
    const council = root();
    await ok(s.run('Transit Council-m1', t.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes on every main road." --rule 50% --deadline 30'));
    await allVote('Transit Council', 1, 'yes');
    expect(s.chat.titles(t.room(council)).some((x) => x.includes('Motion #1 passed'))).toBe(true);
    await drain();
    // Level 1 got the proposal, with a response motion each.
    expect(roomsGot('relay.').sort()).toEqual([t.room(byName('Transit.1')), t.room(byName('Transit.2'))].sort());
    const offer = sent.find((x) => x.roomId === t.room(byName('Transit.1')))?.message;
    expect(offer?.title).toContain('Proposal P-1 v1');
    expect(offer?.controls?.method).toBe('yes-no-abstain');

    // Transit.1 accepts: its members get it. Transit.2 rejects: its branch stops and the council hears why.
    await allVote('Transit.1', 1, 'yes');
    await ok(s.run('Transit.2-m1', t.room(byName('Transit.2')), 'proposal respond P-1 reject --text "Our members want trams first"'));
    await allVote('Transit.2', 2, 'yes');
    await drain();
    expect(roomsGot('relay.').filter((r) => r.includes('Transit.1.')).sort()).toEqual(['room-Transit.1.1', 'room-Transit.1.2']);
    expect(roomsGot('relay.').some((r) => r.includes('Transit.2.'))).toBe(false);
    expect(sent.some((x) => x.roomId === t.room(council) && x.message.title.includes('Transit.2 rejected P-1 v1') && (x.message.body ?? '').includes('trams first'))).toBe(true);

    // Transit.1.1 accepts; Transit.1.2 asks for an amendment.
    await allVote('Transit.1.1', 1, 'yes');
    await ok(s.run('Transit.1.2-m1', 'room-Transit.1.2', 'proposal respond P-1 amend --text "Include scooters"'));
    await allVote('Transit.1.2', 2, 'yes');
    await drain();
    const status = await ok(s.run('anyone', t.room(council), 'proposal status P-1'));
    expect(status).toContain('1 accepted · 0 rejected · 1 asked to amend · 0 pending · 2 not reached (of 4 local assemblies; 3 members covered)');
    expect(status).toContain('Level 1 below: 2 offered — 1 accepted, 1 rejected');
    expect(status).toContain('(1) Include scooters');
    expect(status).toContain('Transit.2: rejected (Our members want trams first)');
    expect(sent.some((x) => x.roomId === t.room(council) && x.message.title.includes('1 amendment request on P-1 v1'))).toBe(true);
    // 1 of 4 is 25%: not adopted.
    expect(status).toContain('— open');

    // Version 2 supersedes version 1 everywhere and starts afresh.
    await ok(s.run('Transit Council-m1', t.room(council), 'proposal amend P-1 --text "Paint bike lanes on every main road.\nInclude scooters." --note "scooters"'));
    await allVote('Transit Council', 2, 'yes');
    await drain();
    expect(roomsGot('superseded.').sort()).toEqual(['room-Transit.1', 'room-Transit.1.1', 'room-Transit.1.2', 'room-Transit.2'].sort());
    const v2 = sent.filter((x) => x.key.startsWith('relay.') && x.message.title.includes('v2'));
    expect(v2.map((x) => x.roomId).sort()).toEqual(['room-Transit.1', 'room-Transit.2']);
    expect(v2[0]?.message.body).toContain('+ Include scooters.');
    const m = await s.deps.store.read.motionByNumber(byName('Transit.1.2').id, 1);
    expect(m?.status).toBe('superseded');

    // Both delegates' assemblies accept v2 (each assembly numbers its own motions), then two of four locals: 50% → adopted.
    await allVote('Transit.1', 2, 'yes');
    await allVote('Transit.2', 3, 'yes');
    await drain();
    expect(sent.filter((x) => x.key.startsWith('relay.') && x.message.title.includes('v2')).length).toBe(6);
    await allVote('Transit.1.1', 2, 'yes');
    await drain();
    expect((await s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('open');
    await allVote('Transit.2.1', 1, 'yes');
    await drain();
    const p = await s.deps.store.read.relay.proposalByNumber(1);
    expect(p?.status).toBe('adopted');
    expect(roomsGot('adopted.').sort()).toEqual([t.room(council), 'room-Transit.1', 'room-Transit.1.1', 'room-Transit.1.2', 'room-Transit.2', 'room-Transit.2.1', 'room-Transit.2.2'].sort());
    const bindsUs = sent.find((x) => x.key.startsWith('adopted.') && x.roomId === 'room-Transit.1.1')?.message.body ?? '';
    expect(bindsUs).toContain('so it binds Transit.1.1');
    const notUs = sent.find((x) => x.key.startsWith('adopted.') && x.roomId === 'room-Transit.2.2')?.message.body ?? '';
    expect(notUs).toContain('you may still accept it');

    // Later acceptances still join.
    await allVote('Transit.2.2', 1, 'yes');
    await drain();
    const root2 = await s.deps.store.read.relay.rootReferral(p!.id, 2);
    expect(root2?.accepted).toBe(3);
    // Every announcement was sent once.
    const keys = sent.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The record of every assembly still verifies.
    expect(await ok(s.run('Transit.1.1-m1', 'room-Transit.1.1', 'audit verify'))).toContain('intact');
  });

  it('adopted while a branch is still being offered: every assembly hears of the adoption', async () => {
    const council = root();
    await ok(s.run('Transit Council-m1', t.room(council), 'proposal draft "Night buses" --text "Run night buses." --rule 1'));
    await allVote('Transit Council', 1, 'yes');
    await drain();
    // The adoption goes down the tree in assembly id order; the branch offered after the adoption comes first.
    const [late, early] = [byName('Transit.1'), byName('Transit.2')].sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!late || !early) throw new Error('two assemblies of delegates');
    await allVote(early.name, 1, 'yes');
    await drain();
    // One local of the early branch accepts: the rule (1 local) is met. The late branch accepts in the same
    // moment, so its members are offered the proposal after the adoption, before it is carried down to them.
    await allVote(`${early.name}.1`, 1, 'yes');
    await allVote(late.name, 1, 'yes');
    await drain();
    expect((await s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
    const everyone = [council, ...t.levels.slice(1).flat()].map((a) => t.room(a)).sort();
    expect([...new Set(roomsGot('adopted.'))].sort()).toEqual(everyone);
    // A member offered the proposal after the adoption may be told by the offer and by the cascade, under one
    // key: the platform lane sends a key once (src/jobs/platform-send.handler.ts).
    const adoptedKeys = sent.filter((x) => x.key.startsWith('adopted.'));
    expect(new Set(adoptedKeys.map((x) => x.roomId)).size).toBe(new Set(adoptedKeys.map((x) => x.key)).size);
  });

  it('withdrawal ends the proposal everywhere and closes open votes', async () => {
    await ok(s.run('Transit Council-m1', t.room(root()), 'proposal draft "Night buses" --text "Run night buses." --rule 1'));
    await allVote('Transit Council', 1, 'yes');
    await drain();
    await allVote('Transit.1', 1, 'yes');
    await drain();
    await ok(s.run('Transit Council-m2', t.room(root()), 'proposal withdraw P-1'));
    await allVote('Transit Council', 2, 'yes');
    await drain();
    expect(roomsGot('withdrawn.').sort()).toEqual(['room-Transit.1', 'room-Transit.1.1', 'room-Transit.1.2', 'room-Transit.2'].sort());
    expect((await s.deps.store.read.motionByNumber(byName('Transit.1.1').id, 1))?.status).toBe('withdrawn');
    const refused = await s.run('Transit.1.1-m1', 'room-Transit.1.1', 'vote 1 yes');
    expect(refused.ok).toBe(false);
    const late = await s.run('Transit.1.1-m1', 'room-Transit.1.1', 'proposal respond P-1 accept');
    expect(late.text).toContain('withdrawn');
  });

  it('the deadline expires an open proposal; decisions taken stand', async () => {
    await ok(s.run('Transit Council-m1', t.room(root()), 'proposal draft "Tram study" --text "Study trams." --rule 4 --deadline 2'));
    await allVote('Transit Council', 1, 'yes');
    await drain();
    await allVote('Transit.1', 1, 'yes');
    await drain();
    s.clock.advance(3 * 86_400_000);
    await drain();
    const p = await s.deps.store.read.relay.proposalByNumber(1);
    expect(p?.status).toBe('expired');
    const r = await s.deps.store.read.relay.referralFor(p!.id, 1, byName('Transit.1').id);
    expect(r?.status).toBe('accepted');
    const local = await s.deps.store.read.relay.referralFor(p!.id, 1, byName('Transit.1.1').id);
    expect(local?.status).toBe('expired');
    expect(roomsGot('expired.').length).toBe(4);
  });

  it('refuses clearly: drafts outside delegates, bad rules, strangers to a proposal', async () => {
    const local = await s.run('Transit.1.1-m1', 'room-Transit.1.1', 'proposal draft "X" --text "Y" --rule 3');
    expect(local.text).toContain('assembly of delegates');
    const rule = await s.run('Transit Council-m1', t.room(root()), 'proposal draft "X" --text "Y" --rule lots');
    expect(rule.text).toContain('not an adoption rule');
    const unknown = await s.run('Transit.1.1-m1', 'room-Transit.1.1', 'proposal status P-9');
    expect(unknown.text).toContain('no proposal P-9');
    await ok(s.run('Transit Council-m1', t.room(root()), 'proposal draft "X" --text "Y" --rule 3'));
    await allVote('Transit Council', 1, 'yes');
    await drain();
    const notOffered = await s.run('Transit.1.1-m1', 'room-Transit.1.1', 'proposal respond P-1 reject --text "no"');
    expect(notOffered.text).toContain('has not been offered to Transit.1.1');
    const noReason = await s.run('Transit.1-m1', 'room-Transit.1', 'proposal respond P-1 reject');
    expect(noReason.text).toContain('Give the reasons');
    const notOrigin = await s.run('Transit.1-m1', 'room-Transit.1', 'proposal withdraw P-1');
    expect(notOrigin.text).toContain('drafted by another assembly');
  });

  it('forwards a text from a local assembly to its parent’s agenda, where a delegate takes it up', async () => {
    await ok(s.run('Transit.1.1-m1', 'room-Transit.1.1', 'proposal forward "Car-free Sundays" --text "Close the centre to cars on Sundays." --federation Transit'));
    await allVote('Transit.1.1', 1, 'yes');
    expect(s.chat.titles('room-Transit.1').some((x) => x.includes('forwarded a proposal text (agenda item A-1)'))).toBe(true);
    const list = await ok(s.run('Transit.1-m1', 'room-Transit.1', 'proposal list'));
    expect(list).toContain('A-1 Car-free Sundays');
    await ok(s.run('Transit.1-m1', 'room-Transit.1', 'proposal draft --agenda 1 --rule 1'));
    await allVote('Transit.1', 1, 'yes');
    await drain();
    expect(roomsGot('relay.').sort()).toEqual(['room-Transit.1.1', 'room-Transit.1.2']);
    expect(await ok(s.run('Transit.1-m1', 'room-Transit.1', 'proposal list'))).toContain('(taken up)');
  });
});
