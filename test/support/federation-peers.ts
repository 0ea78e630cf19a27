import { buildEnvelope, codeProof, ed25519Signer, generateDeploymentKey, joinBinding, unwrapEnvelope, type EventBody, type EventType, type RawEvent, type Signer } from '../../src/core/federation-protocol/index.js';

/** One deployment as a peer sees it: its id, bot account, key, and its own per-room seq counters. */
export interface TestDeployment {
  readonly id: string;
  readonly bot: string;
  signer: Signer;
  readonly seqs: Map<string, number>;
  sent: number;
}

export function deployment(id: string, server = `${id.slice(4)}.example`): TestDeployment {
  return { id, bot: `@plenary:${server}`, signer: ed25519Signer(generateDeploymentKey(`${id}-1`)), seqs: new Map(), sent: 0 };
}

export const T0 = new Date('2027-01-10T12:00:00.000Z');
export const hex = (c: string): string => c.repeat(64).slice(0, 64);

/** A signed event as the homeserver delivers it; `seq` and key default to the next in that room. */
export function signed<T extends EventType>(from: TestDeployment, roomId: string, type: T, body: EventBody<T>, opts: { seq?: number; key?: string; signer?: Signer } = {}): RawEvent {
  const seq = opts.seq ?? (from.seqs.get(roomId) ?? 0) + 1;
  if (opts.seq === undefined) from.seqs.set(roomId, seq);
  from.sent++;
  const env = buildEnvelope({ type, roomId, deployment: from.id, idempotencyKey: opts.key ?? `${from.id}/${type.slice(12)}/${roomId.slice(1, 9)}/${seq}/${from.sent}`, seq, sentAt: T0, body }, opts.signer ?? from.signer);
  return { type, sender: from.bot, roomId, content: unwrapEnvelope(env) };
}

export function joinBody(child: TestDeployment, asm: string, code: string, parentAssembly = 'dep_a/asm_1', members = 20): EventBody<'org.plenary.join'> {
  const base = { federation: 'fed_transport', parent_assembly: parentAssembly, child_assembly: `${child.id}/${asm}`, bot_user_id: child.bot, public_key: child.signer.publicKey, key_id: child.signer.keyId };
  return { ...base, child_name: asm, members, chain_head: { seq: 10, hash: hex('a') }, join_motion: 1, code_proof: codeProof(code, joinBinding(base)) };
}

export function decisionBody(assembly: string, over: Partial<EventBody<'org.plenary.decision'>> = {}): EventBody<'org.plenary.decision'> {
  return {
    assembly,
    proposal: 'dep_a/prop_9',
    version: 1,
    decision: 'accept',
    amendment: null,
    motion: 3,
    closed_at: T0.toISOString(),
    tally: { yes: 12, no: 3, abstain: 1, eligible: 20, quorum_met: true },
    members: 20,
    ballots_sha256: hex('c'),
    chain_head: { seq: 30, hash: hex('d') },
    ...over,
  };
}
