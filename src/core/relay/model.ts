import type { StoredMessage } from '../i18n/stored.js';
import { z } from 'zod';
import type { AssemblyId, FederationId, MotionId, ProposalId } from '../shared/ids.js';
import { ENGLISH, type Speech } from '../i18n/index.js';

/**
 * When a proposal is adopted (DOMAIN.md section 7.5), stated in local
 * assemblies and circles (level 0): at least K of them accept; at least X %
 * of those in the scope accept; or the accepting ones cover at least M members.
 */
export const adoptionRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), atLeast: z.number().int().min(1).max(10_000_000) }),
  z.object({ kind: z.literal('share'), percent: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal('members'), atLeast: z.number().int().min(1).max(1_000_000_000) }),
]);
export type AdoptionRule = z.infer<typeof adoptionRuleSchema>;

export type ProposalStatus = 'open' | 'adopted' | 'withdrawn' | 'expired';
/** Adopted proposals stay open to later acceptances. */
export const LIVE_PROPOSAL: readonly ProposalStatus[] = ['open', 'adopted'];

export interface Proposal {
  readonly id: ProposalId;
  /** Public reference: P-<number>. */
  readonly number: number;
  readonly federationId: FederationId;
  /** The drafting assembly of delegates; its subtree is the scope. */
  readonly originAssemblyId: AssemblyId;
  readonly status: ProposalStatus;
  readonly adoptionRule: AdoptionRule;
  readonly deadline: Date | null;
  readonly currentVersion: number;
  readonly adoptedAt: Date | null;
  readonly closedAt: Date | null;
  readonly createdAt: Date;
}

export interface ProposalVersion {
  readonly proposalId: ProposalId;
  readonly version: number;
  readonly title: string;
  readonly text: string;
  /** What changed from the previous version, in the origin's words. */
  readonly changeNote: string | null;
  /** The proposal-draft motion that issued it. */
  readonly motionId: MotionId | null;
  readonly createdAt: Date;
}

export type ReferralStatus = 'pending' | 'accepted' | 'rejected' | 'amend-requested' | 'superseded' | 'withdrawn' | 'expired';
export type Decision = 'accepted' | 'rejected' | 'amend-requested';

/**
 * Counts for a referral's whole subtree, in level-0 assemblies (local
 * assemblies and circles), this node included. `localTotal` is fixed when the
 * referral is made; the rest is kept by the rollup. Level-0 assemblies under a
 * delegates' assembly that rejected (or has not yet been reached) are neither
 * pending nor decided: notReached = localTotal - accepted - rejected - amendRequested - pending.
 */
export interface SubtreeTally {
  readonly localTotal: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly amendRequested: number;
  readonly pending: number;
  /** Active members of the accepting level-0 assemblies. */
  readonly membersCovered: number;
}

/** One node of a version's relay tree: the assembly it was offered to and its decision. */
export interface Referral extends SubtreeTally {
  readonly id: string;
  readonly proposalId: ProposalId;
  readonly version: number;
  readonly assemblyId: AssemblyId;
  /** null for the origin's own referral (the root, depth 0). */
  readonly parentReferralId: string | null;
  readonly depth: number;
  readonly status: ReferralStatus;
  /** Reasons for a rejection, as the deciding motion stated them. */
  readonly reason: string | null;
  /** The same reason as a message (i18n/stored.ts), for readers of any language; null for a member's own words and older rows. */
  readonly reasonMessage: StoredMessage | null;
  readonly amendmentText: string | null;
  readonly responseMotionId: MotionId | null;
  readonly decidedAt: Date | null;
  /** Active members of this (level-0) assembly when it decided. */
  readonly memberCount: number;
  /** When this referral's member assemblies were offered the proposal. */
  readonly relayedAt: Date | null;
}

/** A text a member assembly forwarded up, waiting for the delegates to take it up. */
export interface AgendaItem {
  readonly id: string;
  readonly number: number;
  readonly assemblyId: AssemblyId;
  readonly fromAssemblyId: AssemblyId;
  readonly federationId: FederationId;
  readonly title: string;
  readonly text: string;
  readonly forwardedByMotionId: MotionId;
  readonly takenUpByMotionId: MotionId | null;
  readonly createdAt: Date;
}

export const notReached = (t: SubtreeTally): number => t.localTotal - t.accepted - t.rejected - t.amendRequested - t.pending;

/** Whether the accepting level-0 assemblies under the origin satisfy the rule. */
export function ruleMet(rule: AdoptionRule, root: SubtreeTally): boolean {
  switch (rule.kind) {
    case 'count':
      return root.accepted >= rule.atLeast;
    case 'share':
      // Integer arithmetic: 1/3 of 3 assemblies is met by 1, exactly.
      return root.localTotal > 0 && root.accepted * 100 >= rule.percent * root.localTotal;
    case 'members':
      return root.membersCovered >= rule.atLeast;
  }
}

export function describeRule(rule: AdoptionRule, t: Speech = ENGLISH): string {
  return t.t('relay.rule', { kind: rule.kind, atLeast: rule.kind === 'share' ? 0 : rule.atLeast, percent: rule.kind === 'share' ? rule.percent : 0 });
}

/** `10`, `10%`, `members:500` (also `60 %`, `count:10`, `share:60`). */
export function parseRule(text: string): AdoptionRule | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  let m = /^(?:count:)?(\d{1,8})$/.exec(t);
  if (m) return { kind: 'count', atLeast: Number(m[1]) };
  m = /^(?:share:)?(\d{1,3})%?$/.exec(t);
  if (m && (t.endsWith('%') || t.startsWith('share:'))) {
    const percent = Number(m[1]);
    return percent >= 1 && percent <= 100 ? { kind: 'share', percent } : null;
  }
  m = /^members?:(\d{1,10})$/.exec(t);
  if (m) return { kind: 'members', atLeast: Number(m[1]) };
  return null;
}

export const proposalRef = (p: { number: number }): string => `P-${p.number}`;

/** `P-12`, `p12`, `12`. */
export function parseProposalRef(text: string): number | null {
  const m = /^\s*(?:p-?)?(\d{1,9})\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}
