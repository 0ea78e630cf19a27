import { createHash } from 'node:crypto';
import type { AdoptionRule } from '../../relay/model.js';
import type { EventBody } from '../../federation-protocol/events.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { AssemblyId } from '../../shared/ids.js';
import { GENESIS_HASH } from '../../events/hash-chain.js';

/** `dep_x/<id>`: a local row as peers name it. */
export const remoteRef = (deployment: string, id: string): string => `${deployment}/${id}`;

/** The local id inside a peer's name for one of this deployment's rows (null: it names another deployment's). */
export function ownId(deployment: string, ref: string): string | null {
  return ref.startsWith(`${deployment}/`) ? ref.slice(deployment.length + 1) : null;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The assembly's chain head now, as events carry it. */
export async function headOf(tx: StoreTx, assemblyId: AssemblyId): Promise<{ seq: number; hash: string }> {
  const h = await tx.chainHead(assemblyId);
  return h ? { seq: h.seq, hash: h.hash } : { seq: 0, hash: GENESIS_HASH };
}

type WireRule = EventBody<'org.plenary.referral'>['adoption_rule'];

export function ruleToWire(r: AdoptionRule): WireRule {
  switch (r.kind) {
    case 'count':
      return { kind: 'count', value: r.atLeast };
    case 'share':
      return { kind: 'percent', value: r.percent };
    case 'members':
      return { kind: 'members', value: r.atLeast };
  }
}

export function ruleFromWire(r: WireRule): AdoptionRule {
  const value = Math.max(1, r.value);
  switch (r.kind) {
    case 'count':
      return { kind: 'count', atLeast: value };
    case 'percent':
      return { kind: 'share', percent: Math.min(100, value) };
    case 'members':
      return { kind: 'members', atLeast: value };
  }
}

/** Records a peer's reported chain head in one of this deployment's own chains: each side witnesses the other. */
export async function witnessHead(tx: StoreTx, assemblyId: AssemblyId, of: string, head: { seq: number; hash: string }, event: string, at: Date): Promise<void> {
  await tx.appendEvent(assemblyId, { type: 'federation.peer-head', actorId: null, payload: { assembly: of, seq: head.seq, hash: head.hash, event } }, at);
}
