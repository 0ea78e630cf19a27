import type { Platform } from '../model/entities.js';
import type { RoomFault } from '../ports/room-faults.port.js';
import { accountKey, type FakeState } from './fake-store-state.js';

/*
 * The FakeStore's marked rooms, as plain functions on the transaction's draft
 * state: the contract of `prisma-room-faults.ts` (held to it by
 * test/support/store-room-faults.conformance.ts).
 */

export function markFault(draft: FakeState, fault: Omit<RoomFault, 'since' | 'checkedAt'>, now: Date): boolean {
  const key = accountKey(fault.platform, fault.roomId);
  const before = draft.roomFaults.get(key);
  draft.roomFaults.set(key, { ...fault, since: before?.since ?? now, checkedAt: now });
  return before === undefined;
}

export function faultsOf(state: FakeState, platform: Platform, roomIds: readonly string[]): RoomFault[] {
  return [...new Set(roomIds)].flatMap((id) => {
    const f = state.roomFaults.get(accountKey(platform, id));
    return f ? [f] : [];
  });
}

export function clearFault(draft: FakeState, platform: Platform, roomId: string): boolean {
  return draft.roomFaults.delete(accountKey(platform, roomId));
}
