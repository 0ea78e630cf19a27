import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { Mirror } from '../../ports/remote-mirror.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { Proposal, ProposalVersion } from '../../relay/model.js';
import type { AssemblyId } from '../../shared/ids.js';
import { INLINE_TEXT_MAX, utf8Bytes } from '../../ports/large-text.port.js';
import type { ChildProxyData } from './parent.js';
import { headOf, remoteRef, ruleToWire, sha256Hex } from './refs.js';
import { sizeSubtreeReferrals } from './subtree-parent.js';

/** A referral the relay made for a remote child's proxy: it travels as an event instead of opening a motion here. */
export interface RemoteOffer {
  readonly proxy: Mirror;
  readonly referralId: string;
  readonly parentAssemblyId: AssemblyId;
  readonly proposal: Proposal;
  readonly version: ProposalVersion;
}

const TITLE_MAX = 300;

/**
 * Sends each offer as `org.plenary.referral` into its link room, in the relay
 * step's transaction (so the referral row and the event commit together), and
 * records it in the proxy's chain. The idempotency key is derived from the
 * proposal, version and assembly: a relay step run twice sends one event.
 */
export async function offerRemote(tx: StoreTx, me: DeploymentIdentity, offers: readonly RemoteOffer[], now: Date): Promise<void> {
  if (offers.length === 0) return;
  const heads = new Map<AssemblyId, { seq: number; hash: string }>();
  const events = [];
  for (const o of offers) {
    const data = o.proxy.data as unknown as ChildProxyData;
    const head = heads.get(o.parentAssemblyId) ?? (await headOf(tx, o.parentAssemblyId));
    heads.set(o.parentAssemblyId, head);
    // Over 16 KiB the text travels as media: the carrier uploads it at send time (`largeReferralText`) and sets `text_mxc`.
    const bytes = utf8Bytes(o.version.text);
    const text = bytes > INLINE_TEXT_MAX ? '' : o.version.text;
    events.push({
      roomId: data.linkRoomId,
      type: 'org.plenary.referral' as const,
      idempotencyKey: `ref/${o.proposal.id}/v${String(o.version.version)}/${o.proxy.localId}`,
      body: {
        proposal: remoteRef(me.deployment, o.proposal.id),
        version: o.version.version,
        title: o.version.title.slice(0, TITLE_MAX) || '-',
        text,
        text_mxc: null,
        text_sha256: sha256Hex(o.version.text),
        text_bytes: bytes,
        from_assembly: remoteRef(me.deployment, o.parentAssemblyId),
        to_assembly: o.proxy.remote,
        adoption_rule: ruleToWire(o.proposal.adoptionRule),
        deadline: o.proposal.deadline?.toISOString() ?? null,
        supersedes: o.version.version > 1 ? o.version.version - 1 : null,
        chain_head: head,
      },
    });
  }
  await tx.peerOutbox.enqueue(events, now);
  // A remote assembly of delegates stands for its whole subtree.
  await sizeSubtreeReferrals(tx, offers.map((o) => ({ referralId: o.referralId, proposalId: o.proposal.id, version: o.version.version, proxyData: o.proxy.data as unknown as ChildProxyData })), now);
  await tx.relay.appendEventsMany(
    offers.map((o) => ({ assemblyId: o.proxy.localId as AssemblyId, event: { type: 'proposal.sent-remote', actorId: null, payload: { proposal: `P-${String(o.proposal.number)}`, version: o.version.version, referralId: o.referralId, to: o.proxy.remote } } })),
    now,
  );
}
