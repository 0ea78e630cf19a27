import { randomUUID } from 'node:crypto';
import type { Assembly, AssemblyKind, Person } from '../../src/core/model/entities.js';
import type { Federation } from '../../src/core/model/federation.js';
import { defaultPolicy } from '../../src/core/model/policy.js';
import type { NewReferral } from '../../src/core/ports/relay-store.port.js';
import type { Store } from '../../src/core/ports/store.port.js';
import type { Proposal, SubtreeTally } from '../../src/core/relay/model.js';
import type { ProposalId } from '../../src/core/shared/ids.js';
import { federation } from './store-federation-fixtures.js';
import { person, unique } from './store-fixtures.js';

/**
 * A federation written straight into a store, mixed levels, with what the
 * relay must not count beside it:
 *
 *   root (2) ── d1 (1) ── l1 (3 active members, 1 who left), l2 (2), l5 (1)   + gone: left edge
 *            ├─ d2 (1) ── l3 (4), circle (a circle joined by an edge, 1)
 *            ├─ l4 (5)
 *            └─ l6 (1)
 *
 * l1 also has a circle of its own (`l1Circle`, no edge) and `elsewhere` joined
 * d1 in another federation: neither is part of this tree.
 */
export interface RelayTree {
  readonly fed: Federation;
  readonly founder: Person;
  readonly root: Assembly;
  readonly d1: Assembly;
  readonly d2: Assembly;
  readonly l1: Assembly;
  readonly l2: Assembly;
  readonly l3: Assembly;
  readonly l4: Assembly;
  readonly l5: Assembly;
  readonly l6: Assembly;
  readonly circle: Assembly;
  readonly gone: Assembly;
  readonly l1Circle: Assembly;
  readonly elsewhere: Assembly;
}

export async function relayTree(store: Store): Promise<RelayTree> {
  const f = await federation(store);
  const other = await federation(store);
  const voters = await Promise.all(Array.from({ length: 5 }, () => person(store)));
  return store.transaction(async (tx) => {
    const make = (kind: AssemblyKind, level: number, parent: Assembly | null = null): Promise<Assembly> =>
      tx.createAssembly({ kind, name: unique(kind), level, parentAssemblyId: parent?.id ?? null, policy: defaultPolicy() });
    const join = (child: Assembly, parent: Assembly, fed: Federation = f.fed) => tx.createEdge({ federationId: fed.id, childAssemblyId: child.id, parentAssemblyId: parent.id, seats: 1, joinedByMotionId: null });
    const members = async (a: Assembly, n: number) => {
      for (const p of voters.slice(0, n)) await tx.upsertMembership({ assemblyId: a.id, personId: p.id, status: 'active', role: 'member' });
    };
    const t = { fed: f.fed, founder: f.founder, root: f.root } as const;
    const d1 = await make('delegates', 1);
    const d2 = await make('delegates', 1);
    const [l1, l2, l3, l4, l5, l6] = [await make('local', 0), await make('local', 0), await make('local', 0), await make('local', 0), await make('local', 0), await make('local', 0)];
    const circle = await make('circle', 0);
    const gone = await make('local', 0);
    const l1Circle = await make('circle', 0, l1);
    const elsewhere = await make('local', 0);
    for (const [child, parent] of [[d1, t.root], [d2, t.root], [l4, t.root], [l6, t.root], [l1, d1], [l2, d1], [l5, d1], [l3, d2], [circle, d2]] as const) await join(child, parent);
    await tx.endEdge((await join(gone, d1)).id, new Date(), null);
    await join(elsewhere, d1, other.fed);
    for (const [a, n] of [[l1, 3], [l2, 2], [l3, 4], [l4, 5], [l5, 1], [l6, 1], [circle, 1]] as const) await members(a, n);
    const leaver = voters[4];
    if (leaver) await tx.upsertMembership({ assemblyId: l1.id, personId: leaver.id, status: 'left', role: 'member' });
    return { ...t, d1, d2, l1, l2, l3, l4, l5, l6, circle, gone, l1Circle, elsewhere };
  });
}

export function proposal(store: Store, tree: RelayTree, deadline: Date | null = null): Promise<Proposal> {
  return store.transaction((tx) => tx.relay.createProposal({ federationId: tree.fed.id, originAssemblyId: tree.root.id, adoptionRule: { kind: 'count', atLeast: 2 }, deadline }));
}

/** A referral row for `createReferrals`, with a fresh caller-made id. */
export function referral(p: ProposalId, a: Assembly, o: { parent?: { id: string } | null; depth: number; localTotal: number; status?: 'pending' | 'accepted'; version?: number }): NewReferral {
  return {
    id: randomUUID(),
    proposalId: p,
    version: o.version ?? 1,
    assemblyId: a.id,
    parentReferralId: o.parent?.id ?? null,
    depth: o.depth,
    status: o.status ?? 'pending',
    responseMotionId: null,
    localTotal: o.localTotal,
  };
}

/** Rolls a version up, deepest dirty level first, one transaction per pass (as the rollup job does). */
export async function settle(store: Store, p: ProposalId, version = 1, limit = 1000): Promise<number> {
  let passes = 0;
  for (;;) {
    const more = await store.transaction(async (tx) => {
      const depth = await tx.relay.maxDirtyDepth(p, version);
      if (depth === null) return false;
      await tx.relay.rollupDepth(p, version, depth, limit);
      return true;
    });
    if (!more) return passes;
    if (++passes > 1000) throw new Error('the rollup does not settle');
  }
}

/** The subtree counts of a referral, for comparing. */
export const tally = (r: SubtreeTally | null): SubtreeTally | null =>
  r && { localTotal: r.localTotal, accepted: r.accepted, rejected: r.rejected, amendRequested: r.amendRequested, pending: r.pending, membersCovered: r.membersCovered };
