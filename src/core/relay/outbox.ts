import type { OutMessage } from '../messages/message.js';
import type { Platform, RoomBinding } from '../model/entities.js';
import type { OutboxWrite } from '../ports/relay-store.port.js';
import type { AssemblyId, ProposalId } from '../shared/ids.js';

/**
 * The work a relay step causes, as outbox rows written in the step's own
 * transaction (src/jobs/outbox-dispatcher.ts moves them onto the queue). The
 * kinds and payloads here are the contract with the job definitions in src/jobs.
 */
export const RELAY_KINDS = { down: 'relay.down', rollup: 'relay.rollup', cascade: 'relay.cascade', leave: 'relay.leave', unoffered: 'relay.unoffered', deadline: 'proposal.deadline', send: 'platform.send' } as const;

/** How many parent referrals one relay or cascade job takes (x fan-out children). */
export const PARENTS_PER_JOB = 50;
/** Children handled in one relay/cascade transaction. */
export const CHILDREN_PER_STEP = 500;
/**
 * Messages per platform send job: the paced lanes (src/jobs/platform-send.job.ts)
 * count jobs, so Discord's and Matrix's pacing assumes 10; the console has no
 * limit and takes bigger jobs (fewer queue round trips per message).
 */
export const MESSAGES_PER_SEND: Readonly<Record<Platform, number>> = { discord: 10, matrix: 10, console: 50 };
/** Decisions travel up in batches: a rollup runs a second after the first decision that asks for it. */
export const ROLLUP_BUCKET_MS = 1000;

export type CascadeAction = 'adopted' | 'superseded' | 'withdrawn' | 'expired';

export interface Announcement {
  readonly bindings: readonly RoomBinding[];
  readonly message: OutMessage;
  /** Unique per message and assembly, e.g. `relay.<referralId>`; the room is appended per binding. */
  readonly key: string;
}

/** Platform sends, grouped per platform in jobs of at most MESSAGES_PER_SEND[platform], each message keyed for never-twice delivery. */
export function sendRows(announcements: readonly Announcement[], anchor: string): OutboxWrite[] {
  const byPlatform = new Map<Platform, { key: string; room: { platform: Platform; roomId: string; serverId?: string }; message: OutMessage }[]>();
  for (const a of announcements) {
    for (const b of a.bindings) {
      const list = byPlatform.get(b.platform) ?? [];
      list.push({ key: `${a.key}.${b.platform}.${b.roomId}`, room: { platform: b.platform, roomId: b.roomId, ...(b.serverId ? { serverId: b.serverId } : {}) }, message: a.message });
      byPlatform.set(b.platform, list);
    }
  }
  const rows: OutboxWrite[] = [];
  for (const [platform, items] of byPlatform) {
    const size = MESSAGES_PER_SEND[platform];
    for (let i = 0; i < items.length; i += size) {
      rows.push({ kind: RELAY_KINDS.send, dedupeKey: `send.${anchor}.${platform}.${i / size}`, payload: { platform, items: items.slice(i, i + size) } });
    }
  }
  return rows;
}

/** A message to one person's account, by direct message (reminders). */
export interface DirectMessage {
  readonly to: { readonly platform: Platform; readonly externalId: string };
  readonly message: OutMessage;
  /** Unique per message and person; the account is appended. */
  readonly key: string;
}

/** Direct messages as platform sends (items marked `direct`), grouped per platform like `sendRows`. */
export function directRows(messages: readonly DirectMessage[], anchor: string): OutboxWrite[] {
  const byPlatform = new Map<Platform, { key: string; room: { platform: Platform; roomId: string }; message: OutMessage; direct: true }[]>();
  for (const m of messages) {
    const list = byPlatform.get(m.to.platform) ?? [];
    list.push({ key: `${m.key}.${m.to.platform}.${m.to.externalId}`, room: { platform: m.to.platform, roomId: m.to.externalId }, message: m.message, direct: true });
    byPlatform.set(m.to.platform, list);
  }
  const rows: OutboxWrite[] = [];
  for (const [platform, items] of byPlatform) {
    const size = MESSAGES_PER_SEND[platform];
    for (let i = 0; i < items.length; i += size) rows.push({ kind: RELAY_KINDS.send, dedupeKey: `send.${anchor}.dm.${platform}.${i / size}`, payload: { platform, items: items.slice(i, i + size) } });
  }
  return rows;
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Relay the version on below these (accepted) referrals. */
export function downRows(referralIds: readonly string[], tag = ''): OutboxWrite[] {
  return chunks(referralIds, PARENTS_PER_JOB).map((ids) => ({ kind: RELAY_KINDS.down, dedupeKey: `down.${ids[0] ?? ''}.${ids.length}${tag}`, payload: { referralIds: ids } }));
}

/** Tell everyone below these referrals (and end their referrals, for the ending actions). */
export function cascadeRows(action: CascadeAction, proposalId: ProposalId, version: number, referralIds: readonly string[], after: string | null = null): OutboxWrite[] {
  return chunks(referralIds, PARENTS_PER_JOB).map((ids) => ({ kind: RELAY_KINDS.cascade, dedupeKey: `cascade.${action}.${ids[0] ?? ''}.${ids.length}.${after ?? ''}`, payload: { action, proposalId, version, referralIds: ids, after } }));
}

/** End the referrals below these (ended) referrals of an assembly that left the federation, level by level. */
export function leaveRows(proposalId: ProposalId, version: number, left: string, referralIds: readonly string[], after: string | null = null): OutboxWrite[] {
  return chunks(referralIds, PARENTS_PER_JOB).map((ids) => ({ kind: RELAY_KINDS.leave, dedupeKey: `leave.${ids[0] ?? ''}.${ids.length}.${after ?? ''}`, payload: { proposalId, version, left, referralIds: ids, after } }));
}

/**
 * Tell the members of these assemblies (below `branchReferralId`, an assembly
 * of delegates that did not take the version on) that it was adopted elsewhere,
 * level by level; `after` resumes a parent's members after one of them.
 */
export function unofferedRows(proposalId: ProposalId, version: number, branchReferralId: string, parents: readonly AssemblyId[], after: { parentAssemblyId: AssemblyId; assemblyId: AssemblyId } | null = null, hops = 0): OutboxWrite[] {
  return chunks(parents, PARENTS_PER_JOB).map((ids) => ({
    kind: RELAY_KINDS.unoffered,
    dedupeKey: `unoffered.${branchReferralId}.${ids[0] ?? ''}.${ids.length}.${after ? `${after.parentAssemblyId}.${after.assemblyId}` : ''}`,
    payload: { proposalId, version, branchReferralId, parents: ids, after, hops },
  }));
}

/**
 * Ask for a rollup of the version: one re-armable row per version, run a
 * second after it is (re)armed. Decisions while it waits ride on that run; a
 * decision after the run has started re-arms it (the run marks its row done
 * as it starts), so every decision is carried up by a run that starts after it.
 */
export function rollupRow(proposalId: ProposalId, version: number, now: Date): OutboxWrite {
  return { kind: RELAY_KINDS.rollup, dedupeKey: `rollup.${proposalId}.${version}`, payload: { proposalId, version }, availableAt: new Date(now.getTime() + ROLLUP_BUCKET_MS), rearm: true };
}

export function deadlineRow(proposalId: ProposalId, deadline: Date): OutboxWrite {
  return { kind: RELAY_KINDS.deadline, dedupeKey: `deadline.${proposalId}.${deadline.getTime()}`, payload: { proposalId, at: deadline.getTime() } };
}
