import { ed25519Verifier, PeerReceiver, storeLanes, type EventBody, type InboxOptions, type ReceiverHooks, type Verifier } from '../../federation-protocol/index.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { CoreDeps } from '../../services/deps.js';
import { asProposalId } from '../../shared/ids.js';
import { applyJoinAccepted, applyRemoteReferral } from './child.js';
import { acceptRemoteJoin, applyRemoteDecision, openRemoteInvitations } from './parent.js';
import { ownId } from './refs.js';
import { applyRemoteRecall, applyRemoteSeat } from './seats.js';
import { applyVoteDigest } from './digest.js';
import { applyRemoteAdoption } from './adoption.js';

/**
 * The relay's side of the receiver: every hook runs in the lane's transaction
 * (`storeLanes`), so what an event does here commits with its settle. As a
 * parent: joins by remote invitation, decisions of remote children. As a
 * child: the parent's acceptance of the join and its referrals.
 */
export function relayReceiverHooks(deps: CoreDeps): ReceiverHooks<StoreTx> {
  const me = deps.deployment;
  if (!me) throw new Error('federation receiver: the deployment has no federation identity');
  return {
    async currentVersion(proposal, tx) {
      const id = ownId(me.deployment, proposal);
      return id ? ((await tx.relay.proposal(asProposalId(id)))?.currentVersion ?? null) : null;
    },
    openInvitations: (federation, parentAssembly, tx) => openRemoteInvitations(tx, me, federation, parentAssembly),
    joined: (binding, tx, join) => acceptRemoteJoin(tx, deps, me, binding, join),
    async counted(report, tx) {
      const why = await applyRemoteDecision(tx, deps, me, report);
      if (why) deps.log.info({ assembly: report.decision.assembly, proposal: report.decision.proposal, why }, 'federation: a counted remote decision changed nothing here');
    },
    async other(type, body, entry, tx) {
      switch (type) {
        case 'org.plenary.join_accepted':
          return applyJoinAccepted(tx, deps, me, body as EventBody<'org.plenary.join_accepted'>, entry);
        case 'org.plenary.referral':
          return applyRemoteReferral(tx, deps, me, body as EventBody<'org.plenary.referral'>, entry);
        case 'org.plenary.seat':
          return applyRemoteSeat(tx, deps, me, body as EventBody<'org.plenary.seat'>, entry);
        case 'org.plenary.recall':
          return applyRemoteRecall(tx, deps, me, body as EventBody<'org.plenary.recall'>, entry);
        case 'org.plenary.adoption':
          return applyRemoteAdoption(tx, deps, me, body as EventBody<'org.plenary.adoption'>, entry);
        case 'org.plenary.vote_digest':
          return applyVoteDigest(tx, deps, me, body as EventBody<'org.plenary.vote_digest'>, entry);
        default:
          return { status: 'recorded', note: `${type}: kept; this version does not act on it` };
      }
    },
  };
}

/** The deployment's receiver of every link room, wired to the relay (what the carrier hands each `org.plenary.*` event). */
export function relayReceiver(deps: CoreDeps, verifier: Verifier = ed25519Verifier, options: Partial<InboxOptions> = {}): PeerReceiver<StoreTx> {
  return new PeerReceiver(storeLanes(deps.store), verifier, relayReceiverHooks(deps), options);
}
