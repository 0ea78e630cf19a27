import type { Policy } from '../model/policy.js';

/** The documented seat formula (DOMAIN.md §3): fixed S, or proportional to membership. */
export function seatsFor(parentPolicy: Policy, childActiveMembers: number): number {
  const s = parentPolicy.seats;
  if (s.mode === 'fixed') return s.count;
  return Math.min(s.max, Math.max(1, Math.ceil(childActiveMembers / s.membersPerSeat)));
}
