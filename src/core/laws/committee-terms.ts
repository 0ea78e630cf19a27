import { publicMessage } from '../messages/message.js';
import type { CoreDeps } from '../services/deps.js';
import { committeeOf, endIfTermOver } from './committees.js';
import { roomSpeech } from '../i18n/audience.js';

/**
 * Ends every committee whose term has passed (run by the deadline sweep), so
 * one nobody acts on loses its seats and room access on time too: one query
 * for the due committees, then each ended in its own transaction exactly as
 * its first act after the term would end it (`endIfTermOver`: recorded in
 * both records, seats and room access revoked), and announced in its local
 * assembly's rooms. Two sweeps racing end each once. Returns how many ended.
 */
export async function endDueCommittees(deps: CoreDeps, batch = 100): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.read.laws.dueCommittees(now, batch);
  let ended = 0;
  for (const id of due) {
    const c = await deps.store.transaction(async (tx) => {
      const a = await tx.assembly(id);
      const committee = a ? await committeeOf(tx, a) : null;
      return committee && (await endIfTermOver(tx, committee, now)) ? committee : null;
    });
    if (!c) continue;
    ended++;
    const t = roomSpeech(c.local.policy);
    const msg = publicMessage(t.t('committee.ended.title', { assembly: c.local.name, committee: c.assembly.name }), t.t('committee.ended.term', { endsAt: c.terms.endsAt }), { tone: 'info' });
    await deps.announcer.announce(c.local.id, msg, `committee-term:${c.assembly.id}`);
  }
  return ended;
}
