import type { MemberCountReport } from '../ports/peer-link-store.port.js';
import type { DecisionBody } from './events.js';

/** A decision's fate at the parent (docs/FEDERATION-PROTOCOL.md §6). */
export type DecisionVerdict =
  | { readonly kind: 'count'; readonly members: number; readonly flags: readonly MemberCountFlag[] }
  | { readonly kind: 'record'; readonly reason: 'superseded' | 'replayed' | 'unknown-version' }
  | { readonly kind: 'refuse'; readonly reason: 'not_host'; readonly detail: string };

export interface DecisionContext {
  /** The deployment that signed the event (verified). */
  readonly sender: string;
  /** Who hosts the reported assembly, by the join handshake (null: nobody bound it). */
  readonly host: string | null;
  /** The proposal's current version at the receiver. */
  readonly currentVersion: number;
  /** A decision for this (assembly, proposal, version) was counted before. */
  readonly alreadyCounted: boolean;
  /** What this assembly reported before, by chain seq. */
  readonly history: readonly MemberCountReport[];
}

/**
 * Whether a verified decision counts. A sender that does not host the
 * assembly is refused outright; a replay or a decision on another version is
 * kept for the record and counts nothing; a member count that does not fit
 * the committed history counts at the last consistent figure and is flagged.
 */
export function judgeDecision(d: DecisionBody, ctx: DecisionContext): DecisionVerdict {
  if (ctx.host !== ctx.sender) return { kind: 'refuse', reason: 'not_host', detail: `${ctx.sender} does not host ${d.assembly}` };
  if (d.version < ctx.currentVersion) return { kind: 'record', reason: 'superseded' };
  if (d.version > ctx.currentVersion) return { kind: 'record', reason: 'unknown-version' };
  if (ctx.alreadyCounted) return { kind: 'record', reason: 'replayed' };
  const check = checkMemberCount(ctx.history, d.chain_head.seq, d.members);
  return { kind: 'count', members: check.members, flags: check.flags };
}

export type MemberCountFlag =
  /** Another count was reported for the same chain head: one of them is false. */
  | { readonly kind: 'equivocated'; readonly chainSeq: number; readonly before: number; readonly now: number }
  /** More new members than chain events since the last report: every admission is a chain event. */
  | { readonly kind: 'inflated'; readonly fromSeq: number; readonly toSeq: number; readonly before: number; readonly now: number }
  /** A report for an older head than one already reported, with a count the later report does not allow. */
  | { readonly kind: 'inconsistent'; readonly chainSeq: number; readonly now: number };

/**
 * Checks a reported member count against the assembly's earlier reports.
 * Membership changes only through recorded events, so between two heads the
 * count can move by at most the number of events between them. A count that
 * breaks this is flagged and the highest count the history allows is used.
 */
export function checkMemberCount(history: readonly MemberCountReport[], chainSeq: number, members: number): { members: number; flags: MemberCountFlag[] } {
  const flags: MemberCountFlag[] = [];
  const same = history.find((h) => h.chainSeq === chainSeq);
  if (same && same.members !== members) return { members: same.members, flags: [{ kind: 'equivocated', chainSeq, before: same.members, now: members }] };
  let allowed = members;
  const before = history.filter((h) => h.chainSeq < chainSeq).reduce<MemberCountReport | undefined>((a, h) => (!a || h.chainSeq > a.chainSeq ? h : a), undefined);
  if (before) {
    const cap = before.members + (chainSeq - before.chainSeq);
    if (members > cap) {
      flags.push({ kind: 'inflated', fromSeq: before.chainSeq, toSeq: chainSeq, before: before.members, now: members });
      allowed = Math.min(allowed, cap);
    }
  }
  const after = history.filter((h) => h.chainSeq > chainSeq).reduce<MemberCountReport | undefined>((a, h) => (!a || h.chainSeq < a.chainSeq ? h : a), undefined);
  if (after && Math.abs(after.members - members) > after.chainSeq - chainSeq) {
    flags.push({ kind: 'inconsistent', chainSeq, now: members });
    allowed = Math.min(allowed, after.members + (after.chainSeq - chainSeq));
  }
  return { members: allowed, flags };
}
