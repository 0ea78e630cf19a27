import { defaultPolicy } from '../../src/core/model/policy.js';
import type { Assembly } from '../../src/core/model/entities.js';
import type { Store, StoreTx } from '../../src/core/ports/store.port.js';
import type { FederationId } from '../../src/core/shared/ids.js';

export interface Branches {
  readonly federationId: FederationId;
  readonly root: Assembly;
  /** The big branch: an assembly of delegates over `subs` assemblies of delegates of `localsPerSub` local assemblies each. */
  readonly mid: Assembly;
  /** A small branch: an assembly of delegates over two local assemblies. */
  readonly other: Assembly;
  readonly otherLocals: readonly Assembly[];
}

/**
 * Scale Council (level 3, member `founder`, a facilitator) → Mid (2) → Mid.s
 * (1) → Mid.s.l (local), and Other (2) → Other.1, Other.2 (local); every
 * assembly bound to the room `room-<name>`. Written straight into the store
 * (no votes), a transaction per assembly of delegates.
 */
export async function buildBranches(store: Store, o: { subs: number; localsPerSub: number }): Promise<Branches> {
  const make = async (tx: StoreTx, name: string, level: number): Promise<Assembly> => {
    const a = await tx.createAssembly({ kind: level === 0 ? 'local' : 'delegates', name, level, parentAssemblyId: null, policy: defaultPolicy() });
    await tx.bindRoom({ platform: 'console', roomId: `room-${name}`, assemblyId: a.id, purpose: 'main' });
    return a;
  };
  const top = await store.transaction(async (tx) => {
    const root = await make(tx, 'Scale Council', 3);
    const founder = await tx.createPerson('founder', { platform: 'console', externalId: 'founder', displayName: 'founder' });
    await tx.upsertMembership({ assemblyId: root.id, personId: founder.id, status: 'active', role: 'facilitator' });
    const federation = await tx.createFederation({ name: 'Scale', purpose: 'a big branch', rootAssemblyId: root.id, foundedById: founder.id });
    const edge = (child: Assembly, parent: Assembly): Promise<unknown> => tx.createEdge({ federationId: federation.id, childAssemblyId: child.id, parentAssemblyId: parent.id, seats: 1, joinedByMotionId: null });
    const mid = await make(tx, 'Mid', 2);
    const other = await make(tx, 'Other', 2);
    await edge(mid, root);
    await edge(other, root);
    const otherLocals: Assembly[] = [];
    for (let i = 1; i <= 2; i++) {
      const l = await make(tx, `Other.${i}`, 0);
      await edge(l, other);
      otherLocals.push(l);
    }
    return { federationId: federation.id, root, mid, other, otherLocals };
  });
  for (let s = 1; s <= o.subs; s++) {
    await store.transaction(async (tx) => {
      const sub = await make(tx, `Mid.${s}`, 1);
      await tx.createEdge({ federationId: top.federationId, childAssemblyId: sub.id, parentAssemblyId: top.mid.id, seats: 1, joinedByMotionId: null });
      for (let l = 1; l <= o.localsPerSub; l++) {
        const local = await make(tx, `Mid.${s}.${l}`, 0);
        await tx.createEdge({ federationId: top.federationId, childAssemblyId: local.id, parentAssemblyId: sub.id, seats: 1, joinedByMotionId: null });
      }
    });
  }
  return top;
}
