import { node } from '../i18n/stored.js';
import type { Assembly } from '../model/entities.js';
import type { StoreTx } from '../ports/store.port.js';
import type { CoreDeps } from '../services/deps.js';
import { relayMayAsk } from '../authority/authority.js';
import { decisionRefusal, recordDecisionsIn } from '../relay/decide.js';
import { proposalRef } from '../relay/model.js';
import type { Law } from './model.js';
import type { Speech } from '../i18n/speech.js';

/**
 * Repealing a law taken in from a federation withdraws the assembly's
 * acceptance there: the relay hears it as this assembly's decision (a
 * rejection, with the repeal as its reason), so the counts above are rolled
 * up again. The assembly stays sovereign; the federation only counts. Returns
 * what happened upstairs, for the announcement, in its words (`t`).
 */
export async function withdrawAcceptance(tx: StoreTx, deps: CoreDeps, assembly: Assembly, law: Law, motionNumber: number, t: Speech): Promise<string> {
  const src = law.source;
  if (!src) return '';
  const proposal = await tx.relay.proposal(src.proposalId);
  if (!proposal) return '';
  const found = await tx.relay.referralFor(proposal.id, proposal.currentVersion, assembly.id);
  const [referral] = found ? await tx.relay.lockReferrals([found.id]) : [];
  if (referral?.status !== 'accepted') return t.t('law.withdrawn.noLonger', { assembly: assembly.name, proposal: proposalRef(proposal), federation: src.federationName });
  const member = await relayMayAsk(tx, assembly, proposal.federationId);
  const why = member.ok ? decisionRefusal(referral, proposal, assembly.level) : member.error.message;
  if (why) {
    await tx.appendEvent(assembly.id, { type: 'law.acceptance-kept', actorId: null, payload: { law: law.number, proposal: proposalRef(proposal), reason: why } }, deps.clock.now());
    return t.t('law.withdrawn.kept', { federation: src.federationName, proposal: proposalRef(proposal), why });
  }
  const text = `${assembly.name} withdrew its acceptance: it repealed law ${law.number} (motion #${motionNumber}).`;
  const message = node('relay.reason.withdrawn', { assembly: assembly.name, law: law.number, motion: motionNumber });
  await recordDecisionsIn(tx, deps, [{ referral, proposal, input: { referralId: referral.id, decision: 'rejected', text, message } }]);
  return t.t('law.withdrawn.recounted', { federation: src.federationName, assembly: assembly.name, proposal: proposalRef(proposal) });
}
