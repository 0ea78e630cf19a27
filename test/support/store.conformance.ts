import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/core/model/policy.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { describeStoreBallotConformance } from './store-ballots.conformance.js';
import { describeStoreCheckpointConformance } from './store-checkpoints.conformance.js';
import { describeStoreDelegateConformance } from './store-delegates.conformance.js';
import { describeStoreElectorateConformance } from './store-electorates.conformance.js';
import { describeStoreFederationConformance } from './store-federation.conformance.js';
import { describeStoreLawConformance } from './store-laws.conformance.js';
import { assembly, HOUR, person, unique, UNKNOWN, type OpenStore, type StoreHarness, type StoreProbe } from './store-fixtures.js';
import { describeStoreMotionConformance } from './store-motions.conformance.js';
import { describeStorePeerLinkConformance } from './store-peer-links.conformance.js';
import { describeStorePeerOutboxConformance } from './store-peer-outbox.conformance.js';
import { describeStorePendingConformance } from './store-pending.conformance.js';
import { describeStoreReminderConformance } from './store-reminders.conformance.js';
import { describeStoreOutboxConformance } from './store-outbox.conformance.js';
import { describeStoreRelayConformance } from './store-relay.conformance.js';
import { describeStoreRoomFaultConformance } from './store-room-faults.conformance.js';

export type { OpenStore, StoreHarness } from './store-fixtures.js';

export interface StoreConformanceOptions {
  /**
   * The store refuses rows its partial unique indexes forbid (one active parent
   * per federation, one active seat per person and edge). FakeStore does not
   * check these, so the core must never rely on the store to refuse them.
   */
  readonly enforcesUniqueIndexes: boolean;
}

/**
 * Every behaviour the `Store` port promises, run against one implementation
 * (FakeStore in unit tests, PrismaStore on PostgreSQL and PGlite in
 * integration tests). One store serves the whole run; tests make their own
 * persons and assemblies and never assume the store is empty.
 */
export function describeStoreConformance(implementation: string, open: OpenStore, options: StoreConformanceOptions): void {
  let harness: StoreHarness | undefined;
  const ctx = {
    get store(): Store {
      if (!harness) throw new Error('store not open');
      return harness.store;
    },
    get probe(): StoreProbe {
      if (!harness) throw new Error('store not open');
      return harness.probe;
    },
  };

  describe(`store conformance: ${implementation}`, () => {
    beforeAll(async () => {
      harness = await open();
    });
    afterAll(async () => {
      await harness?.close();
    });

    describeIdentity(ctx);
    describeAssemblies(ctx);
    describeStoreMotionConformance(ctx);
    describeStoreBallotConformance(ctx);
    describeStorePendingConformance(ctx);
    describeStoreReminderConformance(ctx);
    describeStoreFederationConformance(ctx, options);
    describeStoreDelegateConformance(ctx, options);
    describeStoreOutboxConformance(ctx);
    describeStoreRelayConformance(ctx);
    describeStoreCheckpointConformance(ctx);
    describeStoreLawConformance(ctx);
    describeStoreRoomFaultConformance(ctx);
    describeStoreElectorateConformance(ctx);
    describeStorePeerLinkConformance(ctx);
    describeStorePeerOutboxConformance(ctx);
  });
}

export interface ConformanceContext {
  readonly store: Store;
  readonly probe: StoreProbe;
}

function describeIdentity(ctx: ConformanceContext): void {
  describe('persons, accounts and link codes', () => {
    it('GIVEN a new person WHEN looked up by id or by platform account THEN both find them', async () => {
      const externalId = unique('ann');
      const ann = await ctx.store.transaction((tx) => tx.createPerson('Ann', { platform: 'discord', externalId, displayName: 'Ann#1' }));
      expect(ann.displayName).toBe('Ann');
      expect(await ctx.store.read.person(ann.id)).toEqual(ann);
      expect(await ctx.store.read.personByAccount('discord', externalId)).toEqual(ann);
      expect(await ctx.store.read.accountsOf(ann.id)).toEqual([{ platform: 'discord', externalId, displayName: 'Ann#1' }]);
    });

    it('GIVEN no such person or account THEN lookups find nothing', async () => {
      expect(await ctx.store.read.person(UNKNOWN.person)).toBeNull();
      expect(await ctx.store.read.personByAccount('matrix', unique('@nobody:example.org'))).toBeNull();
      expect(await ctx.store.read.accountsOf(UNKNOWN.person)).toEqual([]);
    });

    it('GIVEN two persons WHEN an account is moved to the other THEN it resolves to them and both accounts are listed there', async () => {
      const ann = await person(ctx.store, 'Ann');
      const second = unique('@ann:example.org');
      const other = await ctx.store.transaction((tx) => tx.createPerson('Ann (matrix)', { platform: 'matrix', externalId: second, displayName: 'Ann M' }));
      await ctx.store.transaction((tx) => tx.moveAccount('matrix', second, ann.id));
      expect(await ctx.store.read.personByAccount('matrix', second)).toEqual(ann);
      expect(await ctx.store.read.accountsOf(other.id)).toEqual([]);
      expect((await ctx.store.read.accountsOf(ann.id)).map((a) => a.platform).sort()).toEqual(['console', 'matrix']);
    });

    it('GIVEN an unknown account WHEN moved THEN nothing happens', async () => {
      const ann = await person(ctx.store);
      await ctx.store.transaction((tx) => tx.moveAccount('discord', unique('ghost'), ann.id));
      expect(await ctx.store.read.accountsOf(ann.id)).toHaveLength(1);
    });

    it('GIVEN a link code WHEN consumed twice THEN the first gives its person and the second nothing', async () => {
      const ann = await person(ctx.store);
      const code = unique('CODE');
      const t = new Date();
      await ctx.store.transaction((tx) => tx.saveLinkCode(code, ann.id, new Date(t.getTime() + HOUR)));
      expect(await ctx.store.transaction((tx) => tx.consumeLinkCode(code, t))).toBe(ann.id);
      expect(await ctx.store.transaction((tx) => tx.consumeLinkCode(code, t))).toBeNull();
    });

    it('GIVEN a link code WHEN consumed at or after its expiry THEN it is refused', async () => {
      const ann = await person(ctx.store);
      const code = unique('CODE');
      const expiresAt = new Date();
      await ctx.store.transaction((tx) => tx.saveLinkCode(code, ann.id, expiresAt));
      expect(await ctx.store.transaction((tx) => tx.consumeLinkCode(code, expiresAt))).toBeNull();
      expect(await ctx.store.transaction((tx) => tx.consumeLinkCode(code, new Date(expiresAt.getTime() + 1)))).toBeNull();
      expect(await ctx.store.transaction((tx) => tx.consumeLinkCode(unique('NOPE'), expiresAt))).toBeNull();
    });

    it('GIVEN a used code WHEN saved again THEN it can be consumed again, for the new person', async () => {
      const [ann, bob] = [await person(ctx.store), await person(ctx.store)];
      const code = unique('CODE');
      const t = new Date();
      await ctx.store.transaction((tx) => tx.saveLinkCode(code, ann.id, new Date(t.getTime() + HOUR)));
      await ctx.store.transaction((tx) => tx.consumeLinkCode(code, t));
      await ctx.store.transaction((tx) => tx.saveLinkCode(code, bob.id, new Date(t.getTime() + HOUR)));
      expect(await ctx.store.transaction((tx) => tx.consumeLinkCode(code, t))).toBe(bob.id);
    });
  });
}

function describeAssemblies(ctx: ConformanceContext): void {
  describe('assemblies, room bindings and memberships', () => {
    it('GIVEN a new assembly THEN it is found by id, by name in any case, and among all assembly ids', async () => {
      const name = unique('Riverside');
      const policy = { ...defaultPolicy(), admission: 'approval' as const, valuesStatement: 'Be kind.', secondsRequired: 2 };
      const a = await ctx.store.transaction((tx) => tx.createAssembly({ kind: 'local', name, level: 0, parentAssemblyId: null, policy }));
      expect(a).toMatchObject({ kind: 'local', name, level: 0, parentAssemblyId: null, policy });
      expect(a.createdAt).toBeInstanceOf(Date);
      expect(await ctx.store.read.assembly(a.id)).toEqual(a);
      expect(await ctx.store.read.assemblyByName(name.toUpperCase())).toEqual(a);
      expect(await ctx.store.read.assemblyIds()).toContain(a.id);
      expect(await ctx.store.read.assembly(UNKNOWN.assembly)).toBeNull();
      expect(await ctx.store.read.assemblyByName(unique('nowhere'))).toBeNull();
    });

    it('GIVEN a circle of an assembly THEN it keeps its parent and kind', async () => {
      const parent = await assembly(ctx.store);
      const circle = await ctx.store.transaction((tx) => tx.createAssembly({ kind: 'circle', name: unique('kitchen'), level: 0, parentAssemblyId: parent.id, policy: defaultPolicy() }));
      expect(await ctx.store.read.assembly(circle.id)).toMatchObject({ kind: 'circle', parentAssemblyId: parent.id });
    });

    it('GIVEN an assembly WHEN its policy is updated THEN reads return the new policy', async () => {
      const a = await assembly(ctx.store);
      const policy = { ...defaultPolicy(), earlyClose: false, defaults: { exclusion: { votingHours: 24 } } };
      await ctx.store.transaction((tx) => tx.updatePolicy(a.id, policy));
      expect((await ctx.store.read.assembly(a.id))?.policy).toEqual(policy);
    });

    it('GIVEN rooms bound to an assembly THEN each is found by room and all are listed for the assembly', async () => {
      const a = await assembly(ctx.store);
      const main = { platform: 'discord' as const, roomId: unique('chan'), serverId: 'guild-1', assemblyId: a.id, purpose: 'main' as const };
      const news = { platform: 'matrix' as const, roomId: unique('!room:example.org'), assemblyId: a.id, purpose: 'announcements' as const };
      await ctx.store.transaction(async (tx) => {
        await tx.bindRoom(main);
        await tx.bindRoom(news);
      });
      expect(await ctx.store.read.bindingByRoom('discord', main.roomId)).toEqual(main);
      expect(await ctx.store.read.bindingByRoom('matrix', news.roomId)).toEqual(news);
      expect(await ctx.store.read.bindingsOf(a.id)).toEqual([main, news]);
      expect(await ctx.store.read.bindingByRoom('matrix', main.roomId)).toBeNull();
    });

    it('GIVEN a bound room WHEN bound to another assembly THEN it moves; WHEN unbound THEN it is gone', async () => {
      const [a, b] = [await assembly(ctx.store), await assembly(ctx.store)];
      const room = { platform: 'console' as const, roomId: unique('room') };
      await ctx.store.transaction((tx) => tx.bindRoom({ ...room, assemblyId: a.id, purpose: 'main' }));
      await ctx.store.transaction((tx) => tx.bindRoom({ ...room, assemblyId: b.id, purpose: 'delegates' }));
      expect(await ctx.store.read.bindingByRoom(room.platform, room.roomId)).toEqual({ ...room, assemblyId: b.id, purpose: 'delegates' });
      expect(await ctx.store.read.bindingsOf(a.id)).toEqual([]);
      await ctx.store.transaction((tx) => tx.unbindRoom(room));
      expect(await ctx.store.read.bindingByRoom(room.platform, room.roomId)).toBeNull();
      expect(await ctx.store.read.bindingsOf(b.id)).toEqual([]);
    });

    it('GIVEN a membership WHEN upserted again THEN status and role change and the join date stays', async () => {
      const [a, ann] = [await assembly(ctx.store), await person(ctx.store)];
      const first = await ctx.store.transaction((tx) => tx.upsertMembership({ assemblyId: a.id, personId: ann.id, status: 'pending', role: 'member' }));
      expect(first).toMatchObject({ assemblyId: a.id, personId: ann.id, status: 'pending', role: 'member' });
      const second = await ctx.store.transaction((tx) => tx.upsertMembership({ assemblyId: a.id, personId: ann.id, status: 'active', role: 'facilitator' }));
      expect(second).toEqual({ ...first, status: 'active', role: 'facilitator' });
      expect(await ctx.store.read.membership(a.id, ann.id)).toEqual(second);
      expect(await ctx.store.read.membership(a.id, UNKNOWN.person)).toBeNull();
    });

    it('GIVEN members in several states THEN members are sorted by name, filtered by status, and counted per status', async () => {
      const a = await assembly(ctx.store);
      const [cleo, ann, bob] = [await person(ctx.store, 'Cleo'), await person(ctx.store, 'Ann'), await person(ctx.store, 'Bob')];
      await ctx.store.transaction(async (tx) => {
        await tx.upsertMembership({ assemblyId: a.id, personId: cleo.id, status: 'active', role: 'member' });
        await tx.upsertMembership({ assemblyId: a.id, personId: ann.id, status: 'active', role: 'facilitator' });
        await tx.upsertMembership({ assemblyId: a.id, personId: bob.id, status: 'left', role: 'member' });
      });
      expect((await ctx.store.read.members(a.id)).map((m) => m.displayName)).toEqual(['Ann', 'Bob', 'Cleo']);
      const active = await ctx.store.read.members(a.id, 'active');
      expect(active.map((m) => [m.displayName, m.personId, m.role])).toEqual([
        ['Ann', ann.id, 'facilitator'],
        ['Cleo', cleo.id, 'member'],
      ]);
      expect(await ctx.store.read.countMembers(a.id, 'active')).toBe(2);
      expect(await ctx.store.read.countMembers(a.id, 'left')).toBe(1);
      expect(await ctx.store.read.countMembers(a.id, 'excluded')).toBe(0);
    });

    it('GIVEN work enqueued twice under one dedupe key THEN the outbox holds it once, with the first payload', async () => {
      const key = unique('motion-close');
      const at = new Date(Date.now() + HOUR);
      await ctx.store.transaction((tx) => tx.enqueue('motion.close', key, { motionId: 'm1', skip: undefined }, at));
      await ctx.store.transaction((tx) => tx.enqueue('motion.close', key, { motionId: 'm2' }));
      const items = (await ctx.probe.outbox()).filter((i) => i.dedupeKey === key);
      expect(items).toEqual([{ kind: 'motion.close', dedupeKey: key, payload: { motionId: 'm1' }, availableAt: at }]);
    });

    it('GIVEN work enqueued without a time THEN it is due at once', async () => {
      const key = unique('announce');
      await ctx.store.transaction((tx) => tx.enqueue('announce', key, {}));
      const [item] = (await ctx.probe.outbox()).filter((i) => i.dedupeKey === key);
      expect(item?.availableAt.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('GIVEN a transaction that throws THEN none of its writes remain and it rejects with the error', async () => {
      const a = await assembly(ctx.store);
      const name = unique('ghost');
      const key = unique('ghost-job');
      const boom = new Error('boom');
      await expect(
        ctx.store.transaction(async (tx) => {
          await tx.createPerson(name, { platform: 'console', externalId: name, displayName: name });
          await tx.createAssembly({ kind: 'local', name, level: 0, parentAssemblyId: null, policy: defaultPolicy() });
          await tx.appendEvent(a.id, { type: 'ghost', actorId: null, payload: {} }, new Date());
          await tx.enqueue('ghost', key, {});
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await ctx.store.read.personByAccount('console', name)).toBeNull();
      expect(await ctx.store.read.assemblyByName(name)).toBeNull();
      expect(await ctx.store.read.events(a.id)).toEqual([]);
      expect((await ctx.probe.outbox()).some((i) => i.dedupeKey === key)).toBe(false);
      // The chain head did not move either: the next event is #1.
      const next = await ctx.store.transaction((tx) => tx.appendEvent(a.id, { type: 'real', actorId: null, payload: {} }, new Date()));
      expect(next.seq).toBe(1);
    });

    it('GIVEN a transaction THEN it resolves to what its function returns', async () => {
      expect(await ctx.store.transaction(() => Promise.resolve(42))).toBe(42);
    });
  });
}
