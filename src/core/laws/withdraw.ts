import type { Assembly } from '../model/entities.js';
import type { StoreTx } from '../ports/store.port.js';
import type { CoreDeps } from '../services/deps.js';
import { relayMayAsk } from '../authority/authority.js';
import { decisionRefusal, recordDecisionsIn } from '../relay/decide.js';
import { proposalRef } from '../relay/model.js';
import type { Law } from './model.js';

/**
 * Repealing a law taken in from a federation withdraws the assembly's
 * acceptance there: the relay hears it as this assembly's decision (a
 * rejection, with the repeal as its reason), so the counts above are rolled
 * up again. The assembly stays sovereign; the federation only counts. Returns
 * what happened upstairs, for the announcement.
 */
export async function withdrawAcceptance(tx: StoreTx, deps: CoreDeps, assembly: Assembly, law: Law, motionNumber: number): Promise<string> {
  const src = law.source;
  if (!src) return '';
  const proposal = await tx.relay.proposal(src.proposalId);
  if (!proposal) return '';
  const found = await tx.relay.referralFor(proposal.id, proposal.currentVersion, assembly.id);
  const [referral] = found ? await tx.relay.lockReferrals([found.id]) : [];
  if (referral?.status !== 'accepted') return ` ${assembly.name} no longer counts as accepting ${proposalRef(proposal)} in ${src.federationName}.`;
  const member = await relayMayAsk(tx, assembly, proposal.federationId);
  const why = member.ok ? decisionRefusal(referral, proposal, assembly.level) : member.error.message;
  if (why) {
    await tx.appendEvent(assembly.id, { type: 'law.acceptance-kept', actorId: null, payload: { law: law.number, proposal: proposalRef(proposal), reason: why } }, deps.clock.now());
    return ` ${src.federationName} takes no more decisions on ${proposalRef(proposal)} (${why}), so its counts stay as they were.`;
  }
  const text = `${assembly.name} withdrew its acceptance: it repealed law ${law.number} (motion #${motionNumber}).`;
  await recordDecisionsIn(tx, deps, [{ referral, proposal, input: { referralId: referral.id, decision: 'rejected', text } }]);
  return ` ${src.federationName} hears that ${assembly.name} withdrew its acceptance of ${proposalRef(proposal)}; the counts there are recounted.`;
}
