import type { Assembly } from '../model/entities.js';
import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { DecisionWrite, OutboxWrite } from '../ports/relay-store.port.js';
import type { CoreDeps } from '../services/deps.js';
import type { AssemblyId } from '../shared/ids.js';
import { ok, type DomainError, type Err, type Result } from '../shared/result.js';
import { errT, selector } from '../i18n/index.js';
import type { StoredMessage } from '../i18n/stored.js';
import { enactAdopted } from '../laws/adopted.js';
import { branchStopped } from './messages.js';
import { LIVE_PROPOSAL, proposalRef, type Decision, type Proposal, type Referral } from './model.js';
import { downRows, rollupRow, sendRows, type Announcement } from './outbox.js';
import { reportRemoteDecisions, type DecidingMotion } from '../federation/remote/report.js';

export interface DecisionInput {
  readonly referralId: string;
  readonly decision: Decision;
  /** Reasons (rejection) or the requested change (amendment). */
  readonly text?: string | null;
  /** The same reasons as a message, when Plenary wrote them (not a member): each reader sees them in their language. */
  readonly message?: StoredMessage;
  /** A remote child's reported member count (its members are not here to count). */
  readonly memberCount?: number;
  /** The motion that decided, as its closing saw it (reported to a remote parent). */
  readonly motion?: DecidingMotion;
}

const OPEN_REFERRAL = ['pending', 'accepted', 'rejected', 'amend-requested'] as const;

/** The referral already holds this decision with this text: recording it again would change nothing. */
export function sameDecision(referral: Referral, input: DecisionInput): boolean {
  const text = input.text ?? null;
  return referral.status === input.decision && (input.decision === 'amend-requested' ? referral.amendmentText === text : referral.reason === text);
}

/** Why a decision cannot be taken on this referral now, or null when it can. */
/** Why a referral takes no decision now, as a refusal a member reads in their language; null when it does. */
export function decisionRefused(referral: Referral, proposal: Proposal | null, level: number): Err<DomainError> | null {
  if (!proposal) return errT('closed', 'relay.decision.gone');
  if (!LIVE_PROPOSAL.includes(proposal.status) || proposal.closedAt) return errT('closed', 'relay.decision.ended', { ref: proposalRef(proposal), status: proposal.status });
  if (proposal.currentVersion !== referral.version) return errT('closed', 'relay.decision.superseded', { version: referral.version, ref: proposalRef(proposal), current: proposal.currentVersion });
  if (!(OPEN_REFERRAL as readonly string[]).includes(referral.status)) return errT('closed', 'relay.decision.referralState', { ref: proposalRef(proposal), status: selector(referral.status) });
  // An assembly of delegates that accepted has already offered it to its members: their decisions now count, not a change of heart above them.
  if (level > 0 && referral.status === 'accepted' && referral.relayedAt) return errT('closed', 'relay.decision.relayed', { ref: proposalRef(proposal), version: referral.version });
  if (referral.depth === 0) return errT('closed', 'relay.decision.drafters');
  return null;
}

/** The same, in English: the reason recorded in events and batch outcomes. */
export const decisionRefusal = (referral: Referral, proposal: Proposal | null, level: number): string | null => decisionRefused(referral, proposal, level)?.error.message ?? null;

/**
 * Records decisions inside the caller's transaction (the closing of a
 * response motion, or a batch): the referrals' new status, an event in each
 * deciding assembly's record, and the work they cause — one rollup of the
 * counts per version and second, the relay on below accepting assemblies of
 * delegates, and a report to the parent when an assembly of delegates stops
 * its branch. The caller has locked the referrals and checked `decisionRefusal`.
 */
export async function recordDecisionsIn(tx: StoreTx, deps: CoreDeps, items: readonly { referral: Referral; proposal: Proposal; input: DecisionInput }[]): Promise<void> {
  if (items.length === 0) return;
  const now = deps.clock.now();
  const writes: DecisionWrite[] = items.map(({ input }) => ({
    referralId: input.referralId,
    status: input.decision,
    reason: input.decision === 'amend-requested' ? null : (input.text ?? null),
    reasonMessage: input.decision === 'amend-requested' ? null : (input.message ?? null),
    amendmentText: input.decision === 'amend-requested' ? (input.text ?? null) : null,
    at: now,
    ...(input.memberCount === undefined ? {} : { memberCount: input.memberCount }),
  }));
  await tx.relay.decide(writes);
  const info = await tx.relay.assembliesWithBindings(items.map((i) => i.referral.assemblyId));
  const events: { assemblyId: AssemblyId; event: NewEvent }[] = items.map(({ referral, proposal, input }) => ({
    assemblyId: referral.assemblyId,
    event: { type: 'proposal.decided', actorId: null, payload: { proposal: proposalRef(proposal), version: referral.version, decision: input.decision, text: input.text ?? null, referralId: referral.id } },
  }));
  await tx.relay.appendEventsMany(events, now);
  // Accepting a proposal that is adopted already binds the assembly from now: it enters a local assembly's law book
  // (one batch per proposal, whatever the number of assemblies).
  const binding = new Map<string, { proposal: Proposal; accepted: { referral: Referral; assembly: Assembly }[] }>();
  for (const { referral, proposal, input } of items) {
    const assembly = info.get(referral.assemblyId)?.assembly;
    if (input.decision !== 'accepted' || proposal.status !== 'adopted' || !assembly) continue;
    const entry = binding.get(proposal.id) ?? { proposal, accepted: [] };
    entry.accepted.push({ referral, assembly });
    binding.set(proposal.id, entry);
  }
  for (const { proposal, accepted } of binding.values()) await enactAdopted(tx, proposal, accepted, now);
  const rows: OutboxWrite[] = [];
  const versions = new Map<string, { proposal: Proposal; version: number }>();
  for (const { referral, proposal } of items) versions.set(`${proposal.id}/${referral.version}`, { proposal, version: referral.version });
  for (const v of versions.values()) rows.push(rollupRow(v.proposal.id, v.version, now));
  const delegates = items.filter((i) => (info.get(i.referral.assemblyId)?.assembly.level ?? 0) > 0);
  rows.push(...downRows(delegates.filter((i) => i.input.decision === 'accepted' && !i.referral.relayedAt).map((i) => i.referral.id), `.${now.getTime()}`));
  const stopped = delegates.filter((i) => i.input.decision !== 'accepted');
  if (stopped.length > 0) rows.push(...(await branchReports(tx, stopped, info)));
  await tx.relay.enqueueMany(rows);
  // Decisions on copies of a remote parent's proposals travel back to it, in this transaction.
  await reportRemoteDecisions(tx, deps, items.map(({ referral, proposal, input }) => ({ referral, proposal, decision: input.decision, text: input.text ?? null, ...(input.motion ? { motion: input.motion } : {}) })));
}

async function branchReports(tx: StoreTx, stopped: readonly { referral: Referral; proposal: Proposal; input: DecisionInput }[], info: Awaited<ReturnType<StoreTx['relay']['assembliesWithBindings']>>): Promise<OutboxWrite[]> {
  const parents = await Promise.all(stopped.map((s) => (s.referral.parentReferralId ? tx.relay.referral(s.referral.parentReferralId) : Promise.resolve(null))));
  const parentInfo = await tx.relay.assembliesWithBindings(parents.flatMap((p) => (p ? [p.assemblyId] : [])));
  const announcements: Announcement[] = [];
  stopped.forEach((s, i) => {
    const parent = parents[i];
    const up = parent ? parentInfo.get(parent.assemblyId) : undefined;
    const child = info.get(s.referral.assemblyId);
    if (!up || !child || s.input.decision === 'accepted') return;
    announcements.push({ bindings: up.bindings, key: `branch.${s.referral.id}.${s.input.decision}`, message: branchStopped(up.assembly, child.assembly, s.proposal, s.referral.version, s.input.decision, s.input.text ?? null, s.input.message) });
  });
  return sendRows(announcements, `branch.${stopped[0]?.referral.id ?? ''}`);
}

export interface BatchOutcome {
  readonly recorded: number;
  /** Already decided the same way (a repeated delivery): nothing changed. */
  readonly unchanged: number;
  readonly refused: readonly { readonly referralId: string; readonly reason: string }[];
}

/**
 * Records many assemblies' decisions in one transaction. Used where decisions
 * arrive in bulk (the relay benchmark, imports); a response motion that closes
 * goes through the same `recordDecisionsIn` one decision at a time.
 */
export async function recordDecisions(deps: CoreDeps, inputs: readonly DecisionInput[]): Promise<Result<BatchOutcome>> {
  if (inputs.length > 5000) return errT('too-long', 'relay.decide.tooMany', { most: 5000 });
  return deps.store.transaction(async (tx) => {
    const referrals = new Map((await tx.relay.lockReferrals(inputs.map((i) => i.referralId))).map((r) => [r.id, r]));
    const levels = await tx.relay.assembliesWithBindings([...referrals.values()].map((r) => r.assemblyId));
    const proposals = new Map<string, Proposal | null>();
    const accepted: { referral: Referral; proposal: Proposal; input: DecisionInput }[] = [];
    const refused: { referralId: string; reason: string }[] = [];
    const seen = new Set<string>();
    let unchanged = 0;
    for (const input of inputs) {
      const referral = referrals.get(input.referralId);
      if (!referral || seen.has(input.referralId)) {
        refused.push({ referralId: input.referralId, reason: referral ? 'decided twice in one batch' : 'no such referral' });
        continue;
      }
      seen.add(input.referralId);
      if (!proposals.has(referral.proposalId)) proposals.set(referral.proposalId, await tx.relay.proposal(referral.proposalId));
      const proposal = proposals.get(referral.proposalId) ?? null;
      if (sameDecision(referral, input)) {
        unchanged++;
        continue;
      }
      const why = decisionRefusal(referral, proposal, levels.get(referral.assemblyId)?.assembly.level ?? 0);
      if (why || !proposal) refused.push({ referralId: input.referralId, reason: why ?? 'no proposal' });
      else accepted.push({ referral, proposal, input });
    }
    await recordDecisionsIn(tx, deps, accepted);
    return ok({ recorded: accepted.length, unchanged, refused });
  });
}
