import type { DeploymentKeyRow, InboxEntry, PeerLinkStore } from '../ports/peer-link-store.port.js';
import { judgeDecision, type MemberCountFlag } from './decisions.js';
import { verifyEvent, type Envelope, type KeyRing, type RawEvent, type RefusalReason, type TrustedKey } from './envelope.js';
import { EVENT_BODIES, SUPPORTED_MAJORS, type DecisionBody, type EventBody, type EventType } from './events.js';
import { Inbox, type Applied, type InboxOptions, type ResendRequest } from './inbox.js';
import { isLaneHost, linkLanes, type LaneHost } from './lanes.js';
import { checkJoin, type JoinBinding, type OpenInvitation } from './join.js';
import type { Verifier } from './signer.port.js';

/** A decision that counts, with its member count as the history allows it. */
export interface CountedDecisionReport {
  readonly decision: DecisionBody;
  readonly sender: string;
  readonly members: number;
  readonly flags: readonly MemberCountFlag[];
  readonly entry: InboxEntry;
}

/**
 * What the receiver needs from the rest of the deployment. The relay
 * implements these (src/core/federation/remote); the transport's tests pass
 * fakes. Each runs inside the lane's drain and gets its transaction `tx`
 * (a `StoreTx` with `storeLanes`): what it writes commits with the settle.
 */
export interface ReceiverHooks<Tx = unknown> {
  /** The proposal's current version here (null: not known here: recorded, not counted). */
  currentVersion(proposal: string, tx: Tx): Promise<number | null>;
  /** The parent's open invitations for a join (`federation`, `parent assembly` as named in the join). */
  openInvitations(federation: string, parentAssembly: string, tx: Tx, invitationRef?: string): Promise<readonly OpenInvitation[]>;
  /** Consumes the invitation and records the new member assembly, in `tx`. */
  joined(binding: JoinBinding, tx: Tx, join: EventBody<'org.plenary.join'>): Promise<void>;
  /**
   * A decision that counts: applied here in the place of any earlier one of
   * the assembly on that version. Returns why it changed nothing (then it is
   * recorded, not counted), or null.
   */
  counted(report: CountedDecisionReport, tx: Tx): Promise<string | null>;
  /** Every other verified event of a known type, in order (referral, seat, recall, digest, subtree, adoption). */
  other(type: EventType, body: unknown, entry: InboxEntry, tx: Tx): Promise<Applied>;
}

export type ReceiveOutcome =
  | { readonly kind: 'refused'; readonly reason: RefusalReason; readonly detail: string }
  /** Answer with this `org.plenary.error` body when `to` is set. */
  | { readonly kind: 'unsupported-version'; readonly to: string | null; readonly reply: EventBody<'org.plenary.error'> }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'seq-conflict'; readonly reply: EventBody<'org.plenary.error'> }
  | { readonly kind: 'accepted'; readonly applied: number; readonly resend: ResendRequest | null };

const toTrusted = (k: DeploymentKeyRow): TrustedKey => ({ deployment: k.deployment, keyId: k.keyId, publicKey: k.publicKey, botUserId: k.botUserId, retiredAt: k.retiredAt });

/**
 * The receiving end of every link room: verifies an event (signature,
 * sender, room, type: `verifyEvent`), keeps it once, applies it in its
 * sender's order (`Inbox`), and decides what each event may do: a join binds
 * an assembly to its host by the invitation code, a rotation replaces a key,
 * a decision counts only from the assembly's host, once, on the current
 * version, with a member count that fits the history.
 */
export class PeerReceiver<Tx = PeerLinkStore> {
  readonly inbox: Inbox<Tx>;
  private readonly store: PeerLinkStore;

  /** `lanes`: `storeLanes(store)` in the full wiring (hooks get the `StoreTx`); a bare `PeerLinkStore` drains on it alone. */
  constructor(
    lanes: LaneHost<Tx> | PeerLinkStore,
    private readonly verifier: Verifier,
    private readonly hooks: ReceiverHooks<Tx>,
    options: Partial<InboxOptions> = {},
  ) {
    const host = isLaneHost(lanes) ? lanes : (linkLanes(lanes) as unknown as LaneHost<Tx>);
    this.store = host.links;
    this.inbox = new Inbox(host, (entry, now, links, tx) => this.applyEntry(entry, now, links, tx), options);
  }

  async receive(raw: RawEvent, now: Date): Promise<ReceiveOutcome> {
    const deployment = typeof raw.content === 'object' && raw.content !== null && 'deployment' in raw.content ? (raw.content).deployment : null;
    const ring = await this.keyRing(typeof deployment === 'string' ? deployment : null);
    const v = verifyEvent(raw, ring, this.verifier, now);
    if (v.kind === 'refused') return v;
    if (v.kind === 'unsupported-version') {
      return { kind: 'unsupported-version', to: v.deployment, reply: { code: 'unsupported_version', refers_to: v.idempotencyKey, detail: `this deployment speaks protocol ${SUPPORTED_MAJORS.join(', ')}`, supported: [...SUPPORTED_MAJORS] } };
    }
    const env = v.envelope;
    const r = await this.inbox.accept({ idempotencyKey: env.idempotency_key, roomId: env.room_id, sender: env.deployment, seq: env.seq, eventType: env.type, content: env }, now);
    if (r.kind === 'seq-conflict') return { kind: 'seq-conflict', reply: { code: 'seq_conflict', refers_to: env.idempotency_key, detail: `seq ${env.seq} already holds another event`, supported: [...SUPPORTED_MAJORS] } };
    return r;
  }

  private async keyRing(deployment: string | null): Promise<KeyRing> {
    const keys = deployment ? (await this.store.deploymentKeys(deployment)).map(toTrusted) : [];
    return { key: (d, id) => keys.find((k) => k.deployment === d && k.keyId === id) ?? null };
  }

  private async applyEntry(entry: InboxEntry, now: Date, links: PeerLinkStore, tx: Tx): Promise<Applied> {
    const env = entry.content as Envelope;
    const type = entry.eventType as EventType;
    // Re-parsed from the stored envelope: what is applied is what was verified, whatever the row went through.
    const parsed = EVENT_BODIES[type].safeParse(env.body);
    if (!parsed.success) return { status: 'refused', note: 'malformed body' };
    switch (type) {
      case 'org.plenary.join':
        return this.applyJoin(links, tx, env, parsed.data as EventBody<'org.plenary.join'>, now);
      case 'org.plenary.deployment_key':
        return this.applyKey(links, parsed.data as EventBody<'org.plenary.deployment_key'>, now);
      case 'org.plenary.heartbeat':
        await links.markHeartbeat(env.deployment, now);
        return { status: 'applied' };
      case 'org.plenary.decision':
        return this.applyDecision(links, tx, env, parsed.data as DecisionBody, entry, now);
      default:
        return this.hooks.other(type, parsed.data, entry, tx);
    }
  }

  private async applyJoin(store: PeerLinkStore, tx: Tx, env: Envelope, join: EventBody<'org.plenary.join'>, now: Date): Promise<Applied> {
    const known = await store.deploymentKeys(env.deployment);
    const binding = checkJoin(env, join, await this.hooks.openInvitations(join.federation, join.parent_assembly, tx, join.invitation_ref), now);
    if (!binding.ok) return { status: 'refused', note: binding.error.code };
    const b = binding.value;
    // A deployment already known joins again only under a key it already has: an invitation code
    // (which its holder's homeserver may see) must not add a key that speaks for its other assemblies.
    const same = known.find((k) => k.keyId === b.keyId);
    if (same && same.publicKey !== b.publicKey) return { status: 'refused', note: 'key id already names another key' };
    if (known.length > 0 && (!same || same.retiredAt)) return { status: 'refused', note: 'unknown_key' };
    const host = await store.bindHostedAssembly({ assembly: b.childAssembly, deployment: b.deployment, federation: b.federation, parentAssembly: b.parentAssembly, linkRoomId: b.linkRoomId }, now);
    if (host === 'other-host') return { status: 'refused', note: 'not_host' };
    await store.addDeploymentKey({ deployment: b.deployment, keyId: b.keyId, publicKey: b.publicKey, botUserId: b.botUserId, validFrom: now, previousKeyId: null, rotationSignature: null, retiredAt: null });
    await store.upsertPeer({ deployment: b.deployment, botUserId: b.botUserId, name: join.child_name }, now);
    await store.recordMemberCount(b.childAssembly, join.chain_head.seq, join.members, now);
    await this.hooks.joined(b, tx, join);
    return { status: 'applied' };
  }

  private async applyKey(store: PeerLinkStore, k: EventBody<'org.plenary.deployment_key'>, now: Date): Promise<Applied> {
    const added = await store.addDeploymentKey({ deployment: k.deployment, keyId: k.key_id, publicKey: k.public_key, botUserId: k.bot_user_id, validFrom: new Date(k.valid_from), previousKeyId: k.previous_key_id, rotationSignature: k.rotation_signature, retiredAt: null });
    if (added && k.previous_key_id) await store.retireDeploymentKey(k.deployment, k.previous_key_id, now);
    if (added) await store.upsertPeer({ deployment: k.deployment, botUserId: k.bot_user_id, name: (await store.peer(k.deployment))?.name ?? k.deployment }, now);
    return { status: added ? 'applied' : 'recorded', ...(added ? {} : { note: 'key already known' }) };
  }

  private async applyDecision(store: PeerLinkStore, tx: Tx, env: Envelope, d: DecisionBody, entry: InboxEntry, now: Date): Promise<Applied> {
    const host = await store.hostOf(d.assembly);
    const current = await this.hooks.currentVersion(d.proposal, tx);
    const verdict = judgeDecision(d, {
      sender: env.deployment,
      host: host && host.linkRoomId === env.room_id ? host.deployment : null,
      currentVersion: current ?? Number.MAX_SAFE_INTEGER,
      alreadyCounted: false,
      history: await store.memberCounts(d.assembly),
    });
    if (verdict.kind === 'refuse') return { status: 'refused', note: verdict.reason };
    if (verdict.kind === 'record') return { status: 'recorded', note: current === null ? 'unknown proposal' : verdict.reason };
    // A later decision of the host on the same version takes the place of its earlier one, as a local assembly's
    // later response does (the lane applies the sender's events in order); the same event again is a duplicate.
    const why = await this.hooks.counted({ decision: d, sender: env.deployment, members: verdict.members, flags: verdict.flags, entry }, tx);
    if (why) return { status: 'recorded', note: why };
    if ((await store.countDecision({ assembly: d.assembly, proposal: d.proposal, version: d.version, idempotencyKey: env.idempotency_key }, now)) === 'already') return { status: 'recorded', note: 'replayed' };
    await store.recordMemberCount(d.assembly, d.chain_head.seq, d.members, now);
    return verdict.flags.length > 0 ? { status: 'applied', note: `member count flagged: ${verdict.flags.map((f) => f.kind).join(', ')}` } : { status: 'applied' };
  }
}
