import { z } from 'zod';

/** The protocol major version this code speaks (docs/FEDERATION-PROTOCOL.md §7). */
export const PROTOCOL_MAJOR = 1;
export const PROTOCOL_MINOR = 0;
export const SUPPORTED_MAJORS: readonly number[] = [PROTOCOL_MAJOR];

const int = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/).max(200);
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);
const text = (max: number) => z.string().max(max);
/** A deployment id: `dep_` and up to 60 safe characters. */
export const deploymentId = z.string().regex(/^dep_[A-Za-z0-9_-]{1,60}$/);
/** `dep_x/asm_y`: an assembly named with the deployment that hosts it. */
export const remoteAssembly = z.string().regex(/^dep_[A-Za-z0-9_-]{1,60}\/[A-Za-z0-9_-]{1,80}$/);
const remoteProposal = remoteAssembly;
const matrixUser = z.string().regex(/^@[^:\s]{1,255}:[^\s]{1,255}$/).max(255);
export const keyId = z.string().regex(/^ed25519:[A-Za-z0-9_.-]{1,40}$/);
export const chainHead = z.object({ seq: int, hash: hex64 });

export const joinBody = z.object({
  federation: text(100).min(1),
  parent_assembly: remoteAssembly,
  child_assembly: remoteAssembly,
  child_name: text(100).min(1),
  bot_user_id: matrixUser,
  public_key: b64url,
  key_id: keyId,
  members: int,
  chain_head: chainHead,
  join_motion: int,
  code_proof: b64url,
  /** `invitationRef(code)`: lets the parent look the invitation up (optional: older joins omit it). */
  invitation_ref: z.string().regex(/^[A-Za-z0-9_-]{22}$/).optional(),
  /** The level-0 assemblies the child stands for when it is an assembly of delegates (absent: it is one local assembly). */
  locals: int.min(1).optional(),
});

export const joinAcceptedBody = z.object({ child_assembly: remoteAssembly, parent_assembly: remoteAssembly, seats: int.min(1).max(100), chain_head: chainHead });

export const deploymentKeyBody = z.object({
  deployment: deploymentId,
  key_id: keyId,
  public_key: b64url,
  bot_user_id: matrixUser,
  valid_from: iso,
  previous_key_id: keyId.nullable(),
  rotation_signature: b64url.nullable(),
});

export const referralBody = z.object({
  proposal: remoteProposal,
  version: int.min(1),
  title: text(300).min(1),
  /** The text itself up to 16 KiB (UTF-8); empty when it travels as media (`text_mxc`). */
  text: text(16_384),
  /** A larger text's Matrix media (`mxc://server/id`), set by the carrier when it uploads it. */
  text_mxc: z.string().regex(/^mxc:\/\/[^\s/]+\/[A-Za-z0-9_-]+$/).nullable(),
  /** sha256 of the whole text (UTF-8), inline or media: the media cannot be swapped. */
  text_sha256: hex64,
  /** The whole text's UTF-8 length. */
  text_bytes: int,
  from_assembly: remoteAssembly,
  to_assembly: remoteAssembly,
  adoption_rule: z.object({ kind: z.enum(['count', 'percent', 'members']), value: int }),
  deadline: iso.nullable(),
  supersedes: int.nullable(),
  chain_head: chainHead,
});

const tally = z.object({ yes: int, no: int, abstain: int, eligible: int, quorum_met: z.boolean() });

export const decisionBody = z
  .object({
    assembly: remoteAssembly,
    proposal: remoteProposal,
    version: int.min(1),
    decision: z.enum(['accept', 'reject', 'amend']),
    amendment: text(16_384).nullable(),
    motion: int,
    closed_at: iso,
    tally,
    members: int,
    ballots_sha256: hex64,
    chain_head: chainHead,
  })
  .refine((d) => (d.decision === 'amend') === (d.amendment !== null && d.amendment.length > 0), { error: 'an amendment text goes with decision amend, and only with it' });

/** At most this many leaves travel in one subtree report (a Matrix event holds 64 KiB); a larger subtree sends none. */
export const MAX_SUBTREE_LEAVES = 250;

/** One counted decision of a subtree, as a leaf of its Merkle tree: who, what, for how many members, and the leaf's hash. */
export const subtreeLeaf = z.object({ assembly: remoteAssembly, decision: z.enum(['accept', 'reject', 'amend']), members: int, leaf: hex64 });

export const subtreeBody = z.object({
  assembly: remoteAssembly,
  proposal: remoteProposal,
  version: int.min(1),
  accepted: int,
  rejected: int,
  amend: int,
  pending: int,
  members_covered: int,
  reports: int,
  merkle_root: hex64,
  chain_head: chainHead,
  /** Level-0 assemblies in the subtree (its size for a share rule); absent: the sum of the four counts. */
  locals: int.optional(),
  /** The leaves, by assembly, when there are at most `MAX_SUBTREE_LEAVES`: the receiver checks the root and the counts against them. */
  leaves: z.array(subtreeLeaf).max(MAX_SUBTREE_LEAVES).nullable().optional(),
});

export const seatBody = z.object({
  assembly: remoteAssembly,
  parent_assembly: remoteAssembly,
  seat: int.min(1),
  delegate: matrixUser,
  motion: int,
  term_ends: iso.nullable(),
  chain_head: chainHead,
});

export const recallBody = z.object({ assembly: remoteAssembly, parent_assembly: remoteAssembly, seat: int.min(1), delegate: matrixUser, motion: int, chain_head: chainHead });

/** The parent's answer to an applied recall: the seat ended, this many open ballots voided, at this head of the parent assembly's chain. */
export const recallDoneBody = z.object({ assembly: remoteAssembly, parent_assembly: remoteAssembly, seat: int.min(1), delegate: matrixUser, motion: int, voided: int, chain_head: chainHead });

export const voteDigestBody = z.object({
  parent_assembly: remoteAssembly,
  assembly: remoteAssembly,
  motion: int,
  title: text(300),
  secret: z.boolean(),
  votes: z.array(z.object({ delegate: matrixUser, seat: int.min(1), voted: z.boolean(), choice: text(300).optional() })).max(100),
  outcome: z.enum(['passed', 'failed']),
  chain_head: chainHead,
});

export const adoptionBody = z.object({ proposal: remoteProposal, version: int.min(1), adopted_at: iso, accepted: int, members_covered: int, merkle_root: hex64, chain_head: chainHead });

export const heartbeatBody = z.object({ heads: z.array(chainHead.extend({ assembly: remoteAssembly })).max(1000), last_seq_received: int });

export const MAX_RESEND = 500;
export const resendBody = z
  .object({ from_seq: int.min(1), to_seq: int.min(1), reason: z.enum(['gap', 'outage']) })
  .refine((r) => r.to_seq >= r.from_seq && r.to_seq - r.from_seq < MAX_RESEND, { error: `a resend asks for 1 to ${MAX_RESEND} events in order` });

export const ERROR_CODES = ['unsupported_version', 'bad_signature', 'unknown_key', 'not_host', 'invitation_invalid', 'seq_conflict', 'malformed'] as const;
export type ProtocolErrorCode = (typeof ERROR_CODES)[number];
export const errorBody = z.object({ code: z.enum(ERROR_CODES), refers_to: text(200).nullable(), detail: text(1000), supported: z.array(int).max(20) });

/** State in the announce room: the major versions a deployment speaks. */
export const versionsBody = z.object({ supported: z.array(int.min(1)).min(1).max(20) });

/** Every event type of protocol 1 and the schema of its body. */
export const EVENT_BODIES = {
  'org.plenary.join': joinBody,
  'org.plenary.join_accepted': joinAcceptedBody,
  'org.plenary.deployment_key': deploymentKeyBody,
  'org.plenary.referral': referralBody,
  'org.plenary.decision': decisionBody,
  'org.plenary.subtree': subtreeBody,
  'org.plenary.seat': seatBody,
  'org.plenary.recall': recallBody,
  'org.plenary.recall_done': recallDoneBody,
  'org.plenary.vote_digest': voteDigestBody,
  'org.plenary.adoption': adoptionBody,
  'org.plenary.heartbeat': heartbeatBody,
  'org.plenary.resend': resendBody,
  'org.plenary.error': errorBody,
  'org.plenary.versions': versionsBody,
} as const;

export type EventType = keyof typeof EVENT_BODIES;
export type EventBody<T extends EventType> = z.infer<(typeof EVENT_BODIES)[T]>;
export const EVENT_TYPES = Object.keys(EVENT_BODIES) as EventType[];

export function isKnownEventType(t: string): t is EventType {
  return Object.hasOwn(EVENT_BODIES, t);
}

/** The state events: the snapshot a peer re-reads after an outage, keyed by `state_key`. */
export const STATE_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['org.plenary.deployment_key', 'org.plenary.subtree', 'org.plenary.versions']);

export type ChainHeadWire = z.infer<typeof chainHead>;
export type DecisionBody = EventBody<'org.plenary.decision'>;
export type SubtreeBody = EventBody<'org.plenary.subtree'>;
export type SubtreeLeaf = z.infer<typeof subtreeLeaf>;
