import { describe, expect, it } from 'vitest';
import { drainRelay } from '../../support/relay-drain.js';
import { ok } from '../../support/federation-scenario.js';
import { buildWorld, structuralBreaches, type World } from '../../support/sovereignty-world.js';

/**
 * The six breaches of issue 13, each as it was found: a federation built in
 * the store with real seats (test/support/sovereignty-world.ts). Two levels:
 * "F1 delegates" (members L1-a, L2-a, seated by L1 and L2) over L1 and L2;
 * L1-a drafted P-1, offered to L1 and L2 as their motion #1.
 */
const twoLevels = () => buildWorld({ locals: 3, circles: [true, false, false], federations: [{ levels: 2, fanout: 2, offset: 0 }] });

const id = async (w: World, name: string) => {
  const a = await w.s.deps.store.read.assemblyByName(name);
  if (!a) throw new Error(name);
  return a.id;
};
const statusOf = async (w: World, name: string, n: number) => (await w.s.deps.store.read.motionByNumber(await id(w, name), n))?.status;
const memberStatus = async (w: World, assembly: string, person: string) => {
  const p = await w.s.deps.store.read.personByAccount('console', person);
  return p ? (await w.s.deps.store.read.membership(await id(w, assembly), p.id))?.status : undefined;
};
const allVote = async (w: World, name: string, n: number, choice: string) => {
  for (const m of await w.s.deps.store.read.members(await id(w, name), 'active')) await w.s.run(m.displayName, w.room(name), `vote ${n} ${choice}`);
};

describe('GIVEN a proposal offered to a local assembly (breach 1)', () => {
  it('WHEN the delegate who drafted it upstairs withdraws the local vote THEN it is refused and the vote stays open; no member of the assembly withdraws it either', async () => {
    const w = await twoLevels();
    expect(await statusOf(w, 'L2', 1)).toBe('open');
    // Nobody in person moved it: the relay opened it on L2's behalf.
    expect((await w.s.deps.store.read.motionByNumber(await id(w, 'L2'), 1))?.movedById).toBeNull();
    const r = await w.s.run('L1-a', w.room('F1 delegates'), 'motion withdraw "L2#1"');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('belongs to L2');
    const own = await w.s.run('L2-b', w.room('L2'), 'motion withdraw 1');
    expect(own.ok).toBe(false);
    expect(own.text).toContain("L2's own vote on a proposal from above");
    expect(await statusOf(w, 'L2', 1)).toBe('open');
  });
});

describe('GIVEN a delegate seated upstairs by her local assembly (breach 2)', () => {
  it('WHEN the delegates pass "Exclude L2-a" THEN she keeps seat and vote, and L2 is asked to recall her — which only L2 can do', async () => {
    const w = await twoLevels();
    const moved = await ok(w.s.run('L1-a', w.room('F1 delegates'), 'motion propose "Exclude L2-a" --kind exclusion --person L2-a --body "Disrupts every meeting"'));
    expect(moved).toContain('Motion #2 moved');
    await allVote(w, 'F1 delegates', 2, 'yes');
    expect(await statusOf(w, 'F1 delegates', 2)).toBe('passed');
    expect(await memberStatus(w, 'F1 delegates', 'L2-a')).toBe('active');
    expect(await ok(w.s.run('L2-b', w.room('L2'), 'seats'))).toContain('1/1 seat held by L2-a');
    const asked = w.s.chat.in(w.room('L2')).find((m) => m.title.includes('asks you to recall L2-a'));
    expect(asked?.body).toContain('Only L2 can recall its delegate');
    expect(asked?.body).toContain('Disrupts every meeting');
    expect(await structuralBreaches(w.s.deps.store.read)).toEqual([]);
    // The sending assembly decides: its recall unseats her.
    await ok(w.s.run('L2-b', w.room('L2'), 'recall L2-a'));
    await allVote(w, 'L2', 2, 'yes');
    expect(await memberStatus(w, 'F1 delegates', 'L2-a')).toBe('left');
  });

  it('WHEN the delegate tries to leave the delegates’ assembly herself THEN she is told the seat is her assembly’s', async () => {
    const w = await twoLevels();
    const r = await w.s.run('L2-a', w.room('F1 delegates'), 'leave');
    expect(r.text).toContain('only L2 can recall its delegate');
    expect(await memberStatus(w, 'F1 delegates', 'L2-a')).toBe('active');
  });
});

describe('GIVEN a circle of a local assembly (breach 3)', () => {
  for (const how of ['excluded', 'leaves'] as const) {
    it(`WHEN a circle member who voted there ${how === 'excluded' ? 'is excluded from' : 'leaves'} the local assembly THEN the circle membership ends at once, the ballot is void, and they can no longer act there`, async () => {
      const w = await twoLevels();
      await ok(w.s.run('L1-a', w.room('L1 circle'), 'motion propose "Ovens on at 5"'));
      await ok(w.s.run('L1-b', w.room('L1 circle'), 'vote 1 yes'));
      if (how === 'excluded') {
        await ok(w.s.run('L1-a', w.room('L1'), 'motion propose "Exclude L1-b" --kind exclusion --person L1-b'));
        for (const m of ['L1-a', 'L1-c']) await ok(w.s.run(m, w.room('L1'), 'vote 2 yes'));
        await w.s.run('L1-b', w.room('L1'), 'vote 2 no');
        expect(await statusOf(w, 'L1', 2)).toBe('passed');
      } else {
        await ok(w.s.run('L1-b', w.room('L1'), 'leave'));
      }
      expect(await memberStatus(w, 'L1 circle', 'L1-b')).toBe('left');
      expect(await ok(w.s.run('L1-a', w.room('L1 circle'), 'members'))).not.toContain('L1-b');
      expect(await ok(w.s.run('L1-a', w.room('L1 circle'), 'motion show 1'))).toContain('Ballots so far: 0');
      expect((await w.s.run('L1-b', w.room('L1 circle'), 'vote 1 no')).ok).toBe(false);
      expect((await w.s.run('L1-b', w.room('L1 circle'), 'motion propose "Still here"')).ok).toBe(false);
      expect(await structuralBreaches(w.s.deps.store.read)).toEqual([]);
    });
  }

  it('WHEN a circle admits someone who is not a member of its local assembly THEN the motion is refused', async () => {
    const w = await twoLevels();
    const r = await w.s.run('L1-a', w.room('L1 circle'), 'motion propose "Admit" --kind admission --person stranger');
    expect(r.text).toContain("a circle's members are members of its local assembly");
  });
});

describe('GIVEN a local assembly with an open vote on a proposal (breach 4)', () => {
  it('WHEN it leaves the federation THEN its vote closes as withdrawn, a later acceptance is refused clearly, and the counts above no longer include it', async () => {
    const w = await twoLevels();
    await ok(w.s.run('L2-a', w.room('L2'), 'federation leave F1'));
    await allVote(w, 'L2', 2, 'yes');
    expect(await statusOf(w, 'L2', 2)).toBe('passed');
    expect(await statusOf(w, 'L2', 1)).toBe('withdrawn');
    expect((await w.s.run('L2-b', w.room('L2'), 'vote 1 yes')).ok).toBe(false);
    const later = await w.s.run('L2-b', w.room('L2'), 'proposal respond P-1 accept');
    expect(later.text).toContain('L2 is not a member of F1');
    await allVote(w, 'L1', 1, 'yes');
    await drainRelay(w.s.deps, w.sent, w.s.clock);
    const status = await ok(w.s.run('x', w.room('F1 delegates'), 'proposal status P-1'));
    expect(status).toContain('L2: withdrawn');
    expect(status).toContain('1 accepted · 0 rejected · 0 asked to amend · 0 pending (of 1 local assembly;');
    expect(await structuralBreaches(w.s.deps.store.read)).toEqual([]);
  });
});

describe('GIVEN assemblies that others do not own (breach 5)', () => {
  it('WHEN a plain member or a stranger attaches a circle, or a stranger a level of delegates, THEN it is refused; the facilitator and the founder may', async () => {
    const w = await twoLevels();
    expect((await w.s.run('L2-b', 'room-x', 'circle create "Rogue" --assembly L2')).text).toContain('Only a facilitator of L2');
    expect((await w.s.run('stranger', 'room-y', 'circle create "Rogue" --assembly L2')).text).toContain('Only a facilitator of L2');
    expect((await w.s.run('stranger', 'room-z', 'federation assembly "Rogue level" --federation F1')).text).toContain('Only a facilitator of F1 delegates');
    expect((await w.s.run('stranger', 'room-z', 'federation invite')).ok).toBe(false);
    expect(await w.s.deps.store.read.assemblyByName('Rogue level')).toBeNull();
    // In rooms of their own (the first to act in a scenario room administers it): consent is what was missing above.
    await ok(w.s.run('L2-a', 'room-w', 'circle create "Bakery" --assembly L2'));
    await ok(w.s.run('F1-founder', 'room-v', 'federation assembly "District" --federation F1'));
  });
});

describe('GIVEN a three-level federation where one assembly of delegates rejects a proposal (breach 6)', () => {
  it('WHEN the proposal is adopted elsewhere THEN the local assemblies below the rejecting branch hear of it, told it does not bind them', async () => {
    // F1 delegates → F1 D1.1.1 (L1, L2) and F1 D1.1.2 (L3, L4).
    const w = await buildWorld({ locals: 4, circles: [], federations: [{ levels: 3, fanout: 2, offset: 0 }] });
    await allVote(w, 'F1 D1.1.2', 1, 'no');
    await allVote(w, 'F1 D1.1.1', 1, 'yes');
    await drainRelay(w.s.deps, w.sent, w.s.clock);
    await allVote(w, 'L1', 1, 'yes');
    await drainRelay(w.s.deps, w.sent, w.s.clock);
    expect((await w.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
    for (const local of ['L3', 'L4']) {
      const told = w.sent.find((x) => x.roomId === w.room(local) && x.message.title.includes('P-1 v1 was adopted'));
      expect(told?.message.body).toContain('F1 D1.1.2 rejected it');
      expect(told?.message.body).toContain(`It does not bind ${local}`);
    }
    const keys = w.sent.map((x) => x.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
