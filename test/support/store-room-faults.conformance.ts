import { describe, expect, it } from 'vitest';
import { unique } from './store-fixtures.js';
import type { ConformanceContext } from './store.conformance.js';

const T0 = new Date('2026-11-27T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

/** The rooms that refuse the bot (core services/room-health.ts), one contract for FakeStore and Prisma. */
export function describeStoreRoomFaultConformance(ctx: ConformanceContext): void {
  describe('rooms that refuse the bot', () => {
    it('GIVEN a room marked twice THEN only the first mark is new, the first time stays, the last reason and check win', async () => {
      const room = unique('room');
      expect(await ctx.store.markRoomFault({ platform: 'discord', roomId: room, reason: 'forbidden', detail: 'Missing Access (50001)' }, T0)).toBe(true);
      expect(await ctx.store.markRoomFault({ platform: 'discord', roomId: room, reason: 'gone', detail: 'Unknown Channel (10003)' }, later(1000))).toBe(false);
      expect(await ctx.store.roomFaults('discord', [room, unique('other')])).toEqual([{ platform: 'discord', roomId: room, reason: 'gone', detail: 'Unknown Channel (10003)', since: T0, checkedAt: later(1000) }]);
    });

    it('GIVEN the same room id on two platforms THEN each is its own room', async () => {
      const room = unique('room');
      await ctx.store.markRoomFault({ platform: 'matrix', roomId: room, reason: 'forbidden', detail: 'M_FORBIDDEN' }, T0);
      expect(await ctx.store.roomFaults('discord', [room])).toEqual([]);
      expect(await ctx.store.clearRoomFault('discord', room)).toBe(false);
      expect((await ctx.store.roomFaults('matrix', [room, room])).map((f) => f.roomId)).toEqual([room]);
    });

    it('GIVEN a marked room WHEN cleared THEN it is gone, a second clear says so, and a new mark is new again', async () => {
      const room = unique('room');
      await ctx.store.markRoomFault({ platform: 'discord', roomId: room, reason: 'gone', detail: 'x' }, T0);
      expect(await ctx.store.clearRoomFault('discord', room)).toBe(true);
      expect(await ctx.store.clearRoomFault('discord', room)).toBe(false);
      expect(await ctx.store.roomFaults('discord', [room])).toEqual([]);
      expect(await ctx.store.markRoomFault({ platform: 'discord', roomId: room, reason: 'gone', detail: 'x' }, later(5))).toBe(true);
      expect(await ctx.store.roomFaults('discord', [])).toEqual([]);
    });
  });
}
