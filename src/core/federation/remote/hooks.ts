import { ed25519Verifier, PeerReceiver, storeLanes, type EventBody, type InboxOptions, type LaneHost, type ReceiverHooks, type Verifier } from '../../federation-protocol/index.js';
import type { LinkRequest } from '../../ports/federation-link.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { CoreDeps } from '../../services/deps.js';
import { asProposalId } from '../../shared/ids.js';
import { applyJoinAccepted, applyRemoteReferral, onLinkRoomOpened } from './child.js';
import { acceptRemoteJoin, applyRemoteDecision, openRemoteInvitations } from './parent.js';
import { ownId } from './refs.js';
import { applyRemoteRecall, applyRemoteSeat } from './seats.js';
import { applyVoteDigest } from './digest.js';
import { applyRemoteAdoption } from './adoption.js';
import { applyRecallDone } from './recall-watch.js';
import { applySubtreeReport } from './subtree-parent.js';
import { largeReferralText, tellHeldReferralText } from './media.js';
import type { LargeTextSource } from '../../ports/large-text.port.js';

/**
 * The relay's side of the receiver: every hook runs in the lane's transaction
 * (`storeLanes`), so what an event does here commits with its settle. As a
 * parent: joins by remote invitation, decisions of remote children. As a
 * child: the parent's acceptance of the join and its referrals.
 */
export function relayReceiverHooks(deps: CoreDeps, media?: LargeTextSource): ReceiverHooks<StoreTx> {
  const me = deps.deployment;
  if (!me) throw new Error('federation receiver: the deployment has no federation identity');
  return {
    async currentVersion(proposal, tx) {
      const id = ownId(me.deployment, proposal);
      return id ? ((await tx.relay.proposal(asProposalId(id)))?.currentVersion ?? null) : null;
    },
    openInvitations: (federation, parentAssembly, tx, ref) => openRemoteInvitations(tx, me, federation, parentAssembly, ref),
    joined: (binding, tx, join) => acceptRemoteJoin(tx, deps, me, binding, join),
    counted: (report, tx) => applyRemoteDecision(tx, deps, me, report),
    async other(type, body, entry, tx) {
      switch (type) {
        case 'org.plenary.join_accepted':
          return applyJoinAccepted(tx, deps, me, body as EventBody<'org.plenary.join_accepted'>, entry);
        case 'org.plenary.referral':
          return applyRemoteReferral(tx, deps, me, body as EventBody<'org.plenary.referral'>, entry, media);
        case 'org.plenary.seat':
          return applyRemoteSeat(tx, deps, me, body as EventBody<'org.plenary.seat'>, entry);
        case 'org.plenary.recall':
          return applyRemoteRecall(tx, deps, me, body as EventBody<'org.plenary.recall'>, entry);
        case 'org.plenary.recall_done':
          return applyRecallDone(tx, deps, me, body as EventBody<'org.plenary.recall_done'>, entry);
        case 'org.plenary.adoption':
          return applyRemoteAdoption(tx, deps, me, body as EventBody<'org.plenary.adoption'>, entry);
        case 'org.plenary.subtree':
          return applySubtreeReport(tx, deps, me, body as EventBody<'org.plenary.subtree'>, entry);
        case 'org.plenary.vote_digest':
          return applyVoteDigest(tx, deps, me, body as EventBody<'org.plenary.vote_digest'>, entry);
        default:
          return { status: 'recorded', note: `${type}: kept; this version does not act on it` };
      }
    },
  };
}

/**
 * What the Matrix carrier takes from the relay: the hooks (typed with the
 * `StoreTx` they run in), the lanes to drain them in (`storeLanes`: build
 * the carrier's `PeerReceiver` with these, not with `Store.links` alone, so
 * the relay's effects commit with the settle), the join to send when a
 * link room it opened exists, and the whole text of a referral it uploads as
 * media. `media` fetches a received referral's text that came as media.
 */
export function relayForCarrier(deps: CoreDeps, media?: LargeTextSource): { readonly hooks: ReceiverHooks<StoreTx>; readonly lanes: LaneHost<StoreTx>; readonly onLinkRoomOpened: (request: LinkRequest, roomId: string) => Promise<void>; readonly largeText: (body: EventBody<'org.plenary.referral'>) => Promise<string | null>; readonly onTextHeld: (body: EventBody<'org.plenary.referral'>) => Promise<void> } {
  return {
    hooks: relayReceiverHooks(deps, media),
    largeText: (body) => largeReferralText(deps, body),
    onTextHeld: (body) => tellHeldReferralText(deps, body),
    lanes: storeLanes(deps.store),
    onLinkRoomOpened: async (request, roomId) => {
      await onLinkRoomOpened(deps, request, roomId);
    },
  };
}

/** The deployment's receiver of every link room, wired to the relay (what the carrier hands each `org.plenary.*` event). */
export function relayReceiver(deps: CoreDeps, verifier: Verifier = ed25519Verifier, options: Partial<InboxOptions> = {}, media?: LargeTextSource): PeerReceiver<StoreTx> {
  const relay = relayForCarrier(deps, media);
  return new PeerReceiver(relay.lanes, verifier, relay.hooks, options);
}
