import { node } from '../i18n/stored.js';
import type { CoreDeps } from '../services/deps.js';
import { endSeat, tellBoth } from './delegates.js';
import { openByElection } from './elections.js';
import { motionAnnouncement } from '../messages/motion-messages.js';

/**
 * Ends the seats whose optional term is over: the delegate loses seat, vote
 * and access as on a recall (their ballots on motions still open upstairs stop
 * counting, like any departed member's: see `endSeat`), and the home
 * assembly's next election opens when accepted nominees are waiting.
 * Run by the deadline sweep; returns how many seats ended.
 */
export async function endExpiredTerms(deps: CoreDeps, batch = 100): Promise<number> {
  const now = deps.clock.now();
  const expired = await deps.store.read.expiredSeats(now, batch);
  let ended = 0;
  for (const s of expired) {
    const after = await deps.store.transaction(async (tx) => {
      const seat = await tx.seat(s.id);
      const home = await tx.assembly(s.homeAssemblyId);
      if (seat?.status !== 'active' || !home) return null;
      const parent = await tx.assembly(seat.parentAssemblyId);
      const person = await tx.person(seat.personId);
      await endSeat(tx, seat, 'ended', now, null, node('fed.access.reason.termEnded', { known: parent ? 'yes' : 'no', parent: parent?.name ?? '' }));
      await tx.appendEvent(home.id, { type: 'delegate.term-ended', actorId: null, payload: { personId: seat.personId, parent: parent?.name ?? '?' } }, now);
      const next = await openByElection(tx, deps, home, seat.edgeId, seat.personId, seat.personId);
      return { home, parent, name: person?.displayName ?? '?', next };
    });
    if (!after) continue;
    ended++;
    await tellBoth(deps, after.home, after.parent, (t) => [t.t('fed.term.ended.title', { person: after.name, assembly: after.home.name }), [t.t('fed.term.vacant'), after.next.line(t)].filter((l) => l !== '').join('\n')], `term-ended:${s.id}`)();
    const opened = after.next.opened;
    if (opened) await deps.announcer.announce(after.home.id, motionAnnouncement(opened.assembly, opened.motion, opened.effect), `motion-${opened.motion.status}:${opened.motion.id}`);
  }
  return ended;
}
