import { randomUUID } from 'node:crypto';
import type { Motion } from '../model/entities.js';
import { kindDefaults } from '../model/policy.js';
import type { NewEvent, NewMotion, StoreTx } from '../ports/store.port.js';
import type { OutboxWrite } from '../ports/relay-store.port.js';
import type { CoreDeps } from '../services/deps.js';
import { asMotionId, type AssemblyId, type MotionId } from '../shared/ids.js';
import { cascadeAnnouncement, referralAnnouncement } from './messages.js';
import { roomSpeech } from '../i18n/index.js';
import { LIVE_PROPOSAL, proposalRef, type Proposal, type ProposalVersion, type Referral } from './model.js';
import { CHILDREN_PER_STEP, downRows, rollupRow, sendRows, type Announcement } from './outbox.js';
import { motionDeadlineRow } from '../services/motion-deadline.js';
import type { Mirror } from '../ports/remote-mirror.port.js';
import { offerRemote, type RemoteOffer } from '../federation/remote/offer.js';

const HOUR = 3_600_000;
const TITLE_MAX = 200;

export interface RelayDownOutcome {
  /** Referrals made (each with its response motion and announcement). */
  readonly referred: number;
  /** Parents with more member assemblies than this step could take: queued again. */
  readonly continued: number;
}

/**
 * Offers a version to the member assemblies of accepted referrals: for each
 * member not yet offered it, one referral, one `proposal-response` motion
 * opened under the member's own rules, its record events, and its
 * announcement (as paced platform sends), all in ONE transaction. Re-running
 * it is harmless: the parents are locked and members already offered the
 * version are skipped, so a job delivered twice, or retried after a crash,
 * offers nothing twice.
 */
export async function relayDown(deps: CoreDeps, referralIds: readonly string[], opts: { outboxKey?: string; budget?: number } = {}): Promise<RelayDownOutcome> {
  const budget = opts.budget ?? CHILDREN_PER_STEP;
  return deps.store.transaction(async (tx) => {
    if (opts.outboxKey !== undefined && !(await tx.relay.takeOutbox(opts.outboxKey))) return { referred: 0, continued: 0 };
    const now = deps.clock.now();
    const parents = await tx.relay.guardReferrals(referralIds);
    const ctx = new VersionCache(tx);
    const motions: (NewMotion & { id: MotionId })[] = [];
    const referrals: Parameters<StoreTx['relay']['createReferrals']>[0][number][] = [];
    const events: { assemblyId: AssemblyId; event: NewEvent }[] = [];
    const pendingAnnouncements: { motionIndex: number; build: (m: Motion) => Announcement }[] = [];
    const relayed: string[] = [];
    const again: string[] = [];
    const adoptedNotices: Announcement[] = [];
    const receipts: Record<string, unknown>[] = [];
    const remote: RemoteOffer[] = [];
    // Parents whose version still travels, grouped by proposal version (a step normally holds one).
    const groups = new Map<string, { v: LiveVersion; parents: Referral[] }>();
    // A parent that relayed the version already is here again for a late member (relay/late.ts): only
    // members without a referral of the version are offered, and each widens the counts' scope above it.
    const late: { referralId: string; n: number }[] = [];
    for (const parent of parents) {
      if (parent.status !== 'accepted') continue;
      const v = await ctx.get(parent);
      if (!v) continue;
      const key = `${parent.proposalId}/${parent.version}`;
      const g = groups.get(key) ?? { v, parents: [] };
      g.parents.push(parent);
      groups.set(key, g);
    }
    let left = budget;
    for (const { v, parents: group } of groups.values()) {
      if (left <= 0) {
        again.push(...group.map((p) => p.id));
        continue;
      }
      // One statement for the whole group, ordered by parent then child.
      const children = await tx.relay.relayChildren({ federationId: v.proposal.federationId, parents: group.map((p) => ({ assemblyId: p.assemblyId, referralId: p.id })), proposalId: v.proposal.id, version: v.version.version, limit: left + 1 });
      const page = children.slice(0, left);
      left -= page.length;
      // Every parent before the last one on the page is complete; the last one, and any not reached, only if the page was not cut.
      const cut = children.length > page.length;
      const lastParent = page.at(-1)?.parentAssemblyId;
      const reached = new Set(page.map((c) => c.parentAssemblyId));
      for (const p of group) {
        if (cut && (p.assemblyId === lastParent || !reached.has(p.assemblyId))) again.push(p.id);
        else relayed.push(p.id);
      }
      const parentOf = new Map(group.map((p) => [p.assemblyId, p] as const));
      // Proxies of assemblies on other deployments: their referral travels as an event, their vote happens at home.
      const proxies = deps.deployment && page.length > 0 ? new Map((await tx.remotes.mirrorsOf('child-proxy', page.map((c) => c.assembly.id))).map((m) => [m.localId, m] as const)) : new Map<string, Mirror>();
      for (const child of page) {
        const parent = parentOf.get(child.parentAssemblyId);
        if (!parent) continue;
        if (parent.relayedAt && child.localsInSubtree > 0) late.push({ referralId: parent.id, n: child.localsInSubtree });
        const proxy = proxies.get(child.assembly.id);
        if (proxy) {
          const referralId = randomUUID();
          referrals.push({ id: referralId, proposalId: v.proposal.id, version: v.version.version, assemblyId: child.assembly.id, parentReferralId: parent.id, depth: parent.depth + 1, status: 'pending', responseMotionId: null, localTotal: child.localsInSubtree });
          remote.push({ proxy, referralId, parentAssemblyId: parent.assemblyId, proposal: v.proposal, version: v.version });
          continue;
        }
        const d = kindDefaults(child.assembly.policy, 'proposal-response');
        const closesAt = new Date(Math.min(now.getTime() + d.votingHours * HOUR, v.proposal.deadline?.getTime() ?? Infinity));
        const referralId = randomUUID();
        const motionId = asMotionId(randomUUID());
        const title = roomSpeech(child.assembly.policy).t('relay.title.accept', { ref: proposalRef(v.proposal), version: v.version.version, title: v.version.title });
        motions.push({
          id: motionId,
          assemblyId: child.assembly.id,
          kind: 'proposal-response',
          method: 'yes-no-abstain',
          title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
          body: v.version.text,
          options: [],
          seats: 1,
          quorum: d.quorum,
          threshold: d.threshold,
          secret: d.secret,
          // Opened by the relay itself: the member assembly's own quorum, threshold and period apply; nobody needs to second it.
          secondsRequired: 0,
          // The assembly's own vote, opened by the relay on its consent (it joined): no person moved it.
          movedById: null,
          payload: { referralId, proposalId: v.proposal.id, version: v.version.version, response: 'accept', auto: true },
          votingHours: d.votingHours,
          status: 'open',
          opensAt: now,
          closesAt,
        });
        referrals.push({ id: referralId, proposalId: v.proposal.id, version: v.version.version, assemblyId: child.assembly.id, parentReferralId: parent.id, depth: parent.depth + 1, status: 'pending', responseMotionId: motionId, localTotal: child.localsInSubtree });
        receipts.push({ proposal: proposalRef(v.proposal), version: v.version.version, from: v.originName, referralId });
        const index = motions.length - 1;
        pendingAnnouncements.push({
          motionIndex: index,
          build: (m) => ({ bindings: child.bindings, key: `relay.${referralId}`, message: referralAnnouncement({ assembly: child.assembly, motion: m, proposal: v.proposal, version: v.version, previous: v.previous, originName: v.originName, now }) }),
        });
        if (v.proposal.status === 'adopted') {
          // Offered after the adoption was announced down the tree: told here, under the key the cascade uses.
          adoptedNotices.push({ bindings: child.bindings, key: `adopted.${referralId}`, message: cascadeAnnouncement('adopted', child.assembly, v.proposal, v.version, 'pending') });
        }
      }
    }
    const created = motions.length > 0 ? await tx.relay.createMotions(motions) : [];
    // One record event per member: the referral and the response motion it opened (with the number the
    // store just allocated) — at 100,000 assemblies every event is a chain link and a head update.
    created.forEach((m, i) => {
      events.push({ assemblyId: m.assemblyId, event: { type: 'proposal.received', actorId: null, payload: { ...receipts[i], motion: m.number, kind: m.kind, method: m.method, title: m.title, secret: m.secret, closesAt: m.closesAt?.toISOString() ?? null } } });
    });
    if (referrals.length > 0) await tx.relay.createReferrals(referrals);
    if (late.length > 0) await tx.relay.widenScope(late);
    if (deps.deployment) await offerRemote(tx, deps.deployment, remote, now);
    if (relayed.length > 0) await tx.relay.markRelayed(relayed, now);
    if (events.length > 0) await tx.relay.appendEventsMany(events, now);
    const announcements = pendingAnnouncements.flatMap((p) => {
      const m = created[p.motionIndex];
      return m ? [p.build(m)] : [];
    });
    // The adoption notices' rows are anchored apart from the cascade's (`adopted.<first referral>`): a cascade
    // step whose first member is this step's first member holds other members too, and a shared row key
    // would have dropped its row as a duplicate of this one. A member told by both is sent one message:
    // each message keeps its own key, and the platform lane sends a key once.
    const rows: OutboxWrite[] = [...sendRows(announcements, referrals[0]?.id ?? 'none'), ...sendRows(adoptedNotices, `offered-adopted.${referrals[0]?.id ?? 'none'}`), ...downRows(again, `.${referrals[0]?.id ?? now.getTime()}`)];
    // The response motions' closing timers: one row per second of closing time (a step makes one or two).
    const deadlines = new Map(motions.flatMap((m) => (m.closesAt ? [motionDeadlineRow(m.closesAt)] : [])).map((r) => [r.dedupeKey, r] as const));
    rows.push(...deadlines.values());
    for (const key of new Set(late.map((l) => l.referralId))) {
      const p = parents.find((x) => x.id === key);
      if (p) rows.push(rollupRow(p.proposalId, p.version, now));
    }
    if (rows.length > 0) await tx.relay.enqueueMany(rows);
    return { referred: referrals.length, continued: again.length };
  });
}

interface LiveVersion {
  readonly proposal: Proposal;
  readonly version: ProposalVersion;
  readonly previous: ProposalVersion | null;
  readonly originName: string;
}

/** The proposal, version and origin of a batch's parents, read once per version rather than once per parent. */
class VersionCache {
  private readonly cache = new Map<string, LiveVersion | null>();
  constructor(private readonly tx: StoreTx) {}

  async get(parent: Referral): Promise<LiveVersion | null> {
    const key = `${parent.proposalId}/${parent.version}`;
    if (!this.cache.has(key)) this.cache.set(key, await this.load(parent));
    return this.cache.get(key) ?? null;
  }

  private async load(parent: Referral): Promise<LiveVersion | null> {
    // Under a share lock: an adoption, withdrawal or new version waits until this step commits, so the
    // cascade that announces it finds the members offered here.
    const proposal = await this.tx.relay.shareProposal(parent.proposalId);
    // Only the current version of a live proposal travels on.
    if (!proposal || !LIVE_PROPOSAL.includes(proposal.status) || proposal.closedAt || proposal.currentVersion !== parent.version) return null;
    const [version, previous, origin] = await Promise.all([this.tx.relay.version(proposal.id, parent.version), parent.version > 1 ? this.tx.relay.version(proposal.id, parent.version - 1) : Promise.resolve(null), this.tx.assembly(proposal.originAssemblyId)]);
    if (!version) return null;
    const draft = version.motionId ? await this.tx.motion(version.motionId) : null;
    if (!draft) return null;
    return { proposal, version, previous, originName: origin?.name ?? '?' };
  }
}
