import type { Assembly, Person } from '../../src/core/model/entities.js';
import type { Federation, FederationEdge, Seat } from '../../src/core/model/federation.js';
import { defaultPolicy } from '../../src/core/model/policy.js';
import type { Store } from '../../src/core/ports/store.port.js';
import type { PersonId } from '../../src/core/shared/ids.js';
import { assembly, person, unique } from './store-fixtures.js';

/** Strings that are no UUID: ids in lookups that must find nothing rather than throw. */
export const MALFORMED = ['nope', '', '12345', "x' OR '1'='1"] as const;

/** A federation with its root assembly of delegates and its founder. */
export interface FederationFixture {
  readonly fed: Federation;
  readonly root: Assembly;
  readonly founder: Person;
}

export async function federation(store: Store, name = unique('Valley')): Promise<FederationFixture> {
  const founder = await person(store, 'Founder');
  return store.transaction(async (tx) => {
    const root = await tx.createAssembly({ kind: 'delegates', name: unique(`${name} council`), level: 1, parentAssemblyId: null, policy: defaultPolicy() });
    const fed = await tx.createFederation({ name, purpose: 'Shared transport', rootAssemblyId: root.id, foundedById: founder.id });
    return { fed, root, founder };
  });
}

/** `child` joins `parent` in `fed` (no motion: set up directly). */
export function join(store: Store, fed: Federation, child: Assembly, parent: Assembly, seats = 1): Promise<FederationEdge> {
  return store.transaction((tx) => tx.createEdge({ federationId: fed.id, childAssemblyId: child.id, parentAssemblyId: parent.id, seats, joinedByMotionId: null }));
}

/** A local assembly that joined the federation's root. */
export async function member(store: Store, f: FederationFixture): Promise<{ local: Assembly; edge: FederationEdge }> {
  const local = await assembly(store);
  return { local, edge: await join(store, f.fed, local, f.root) };
}

export function seat(store: Store, edge: FederationEdge, personId: PersonId, startedAt = new Date()): Promise<Seat> {
  return store.transaction((tx) =>
    tx.createSeat({ edgeId: edge.id, homeAssemblyId: edge.childAssemblyId, parentAssemblyId: edge.parentAssemblyId, personId, electedByMotionId: null, startedAt, termEndsAt: null }),
  );
}

export const byId = <T extends { readonly id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
