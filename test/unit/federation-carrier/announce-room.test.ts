import { afterEach, describe, expect, it } from 'vitest';
import { announceDirectory } from '../../../src/core/federation/remote/index.js';
import { MatrixWorld } from '../../support/federation-homeserver-double.js';
import { adoptEverywhere, rootWithChildren, settleUntil } from '../../support/relay-carriers.js';

let stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const s of stops) await s();
  stops = [];
});

type Setup = Awaited<ReturnType<typeof rootWithChildren>>;

/** A proposal at the root every child's local accepts (rule: all of them), adopted at the root and told to each child. */
async function adoptOne(d: Setup, world: MatrixWorld): Promise<{ adoptionSends: number; rooms: readonly string[] }> {
  await adoptEverywhere(d);
  const sends = world.sendCalls.filter((c) => c.user === d.root.me.botUserId && c.type === 'org.plenary.adoption');
  return { adoptionSends: sends.length, rooms: [...new Set(sends.map((c) => c.roomId))] };
}

describe('announce room per federation, on the in-memory Matrix with the whole relay (issue 19)', () => {
  it('GIVEN a root with three child deployments THEN it opens one announce room as the protocol fixes it, each child’s bot joins and publishes its versions, and one adoption event reaches all three', async () => {
    const world = new MatrixWorld();
    const d = await rootWithChildren(world, 3, () => true);
    stops.push(d.stop);
    const dir = announceDirectory(d.root.store);
    await settleUntil(d.all, 'every child bot in the announce room', async () => {
      const [f] = await dir.federations(10);
      return f?.members.filter((m) => m.status === 'joined').length === 3;
    });
    const [f] = await dir.federations(10);
    const roomId = f!.roomId!;
    expect(f!.federation).toBe('Transit');
    const state = await world.account(d.root.me.botUserId).roomState(roomId);
    expect(state.find((e) => e.type === 'm.room.power_levels')!.content).toMatchObject({ users: { [d.root.me.botUserId]: 100 }, users_default: 0, events_default: 100, state_default: 100, invite: 100, events: { 'org.plenary.versions': 0 } });
    expect(state.find((e) => e.type === 'm.room.join_rules')!.content.join_rule).toBe('invite');
    // Each deployment's versions, as its own state (keyed by its bot, signed in the envelope).
    await settleUntil(d.all, 'every versions state', async () => (await world.account(d.root.me.botUserId).roomState(roomId)).filter((e) => e.type === 'org.plenary.versions').length === 4);
    for (const x of d.all) {
      const v = (await world.account(d.root.me.botUserId).roomState(roomId)).find((e) => e.type === 'org.plenary.versions' && e.state_key === x.me.botUserId);
      expect(v?.content).toMatchObject({ deployment: x.id, body: { supported: [1] } });
    }
    // A member bot cannot post there, nor set another's versions.
    await expect((async () => world.account(d.children[0]!.me.botUserId).send(roomId, 'org.plenary.adoption', {}, 'forged'))()).rejects.toThrow(/may not send/);
    await expect((async () => world.account(d.children[0]!.me.botUserId).putState(roomId, 'org.plenary.versions', d.root.me.botUserId, {}))()).rejects.toThrow(/may not set state/);

    const r = await adoptOne(d, world);
    expect(r).toEqual({ adoptionSends: 1, rooms: [roomId] });
    // No heartbeat goes into the announce room.
    await d.children[0]!.carrier.heartbeat();
    await d.root.carrier.heartbeat();
    expect(world.sendCalls.filter((c) => c.roomId === roomId && c.type === 'org.plenary.heartbeat')).toEqual([]);
  }, 60_000);

  it('GIVEN a child that does not read announce rooms THEN it leaves the room and gets the adoption through its link room; the others through the announce room', async () => {
    const world = new MatrixWorld();
    const d = await rootWithChildren(world, 3, (who) => who !== 2);
    stops.push(d.stop);
    const dir = announceDirectory(d.root.store);
    await settleUntil(d.all, 'two child bots in the announce room, the third asked', async () => {
      const [f] = await dir.federations(10);
      return f?.members.filter((m) => m.status === 'joined').length === 2 && f.members.length === 3 && world.membership(f.roomId!, d.children[2]!.me.botUserId) === 'leave';
    });
    const r = await adoptOne(d, world);
    expect(r.adoptionSends).toBe(2);
    const [f] = await dir.federations(10);
    expect(r.rooms).toContain(f!.roomId);
  }, 60_000);

  it('figures: events the root sends per adoption, link rooms only against the announce room, by number of child deployments', async () => {
    const rows: string[] = [];
    for (const n of [1, 3, 6]) {
      const figures: number[] = [];
      for (const announce of [false, true]) {
        const world = new MatrixWorld();
        const d = await rootWithChildren(world, n, () => announce);
        if (announce) {
          const dir = announceDirectory(d.root.store);
          await settleUntil(d.all, 'every child bot in the announce room', async () => (await dir.federations(10))[0]?.members.filter((m) => m.status === 'joined').length === n);
        }
        figures.push((await adoptOne(d, world)).adoptionSends);
        await d.stop();
      }
      expect(figures).toEqual([n, 1]);
      rows.push(`children=${String(n)} adoption events: link rooms ${String(figures[0])}, announce room ${String(figures[1])}`);
    }
    console.log(`announce room bench\n${rows.join('\n')}`);
  }, 180_000);
});
