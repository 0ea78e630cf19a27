import { defaultPolicy } from '../../src/core/model/policy.js';
import type { Assembly, Platform } from '../../src/core/model/entities.js';
import type { Federation } from '../../src/core/model/federation.js';
import type { Store } from '../../src/core/ports/store.port.js';
import { asAssemblyId, type AssemblyId } from '../../src/core/shared/ids.js';

export interface Tree {
  readonly federation: Federation;
  readonly root: Assembly;
  /** By depth below the root: levels[0] = [root], the last level = the local assemblies. */
  readonly levels: readonly (readonly Assembly[])[];
  /** Room id of each assembly (`room-<name>`), and the user ids of its members (`<name>-m<i>`). */
  readonly room: (a: { name: string }) => string;
  readonly members: (a: { name: string }) => readonly string[];
}

/**
 * A federation tree written straight into a store (no votes): `fanout`
 * members per assembly of delegates, `depth` levels below the root, the last
 * of them local assemblies with `membersPerLocal` members; every assembly of
 * delegates has one member per member assembly (its delegate).
 */
export async function buildTree(store: Store, o: { fanout: number; depth: number; membersPerLocal: number; platform?: Platform; name?: string }): Promise<Tree> {
  const platform = o.platform ?? 'console';
  const fname = o.name ?? 'Transit';
  const room = (a: { name: string }): string => `room-${a.name}`;
  const count = (level: number): number => (level === 0 ? o.membersPerLocal : o.fanout);
  const levelOf = new Map<string, number>();
  const members = (a: { name: string }): string[] => Array.from({ length: count(levelOf.get(a.name) ?? 0) }, (_, i) => `${a.name}-m${i + 1}`);
  return store.transaction(async (tx) => {
    const make = async (name: string, level: number): Promise<Assembly> => {
      const a = await tx.createAssembly({ kind: level === 0 ? 'local' : 'delegates', name, level, parentAssemblyId: null, policy: defaultPolicy() });
      await tx.bindRoom({ platform, roomId: room({ name }), assemblyId: a.id, purpose: 'main' });
      levelOf.set(name, level);
      return a;
    };
    const root = await make(`${fname} Council`, o.depth);
    const founder = await tx.createPerson('founder', { platform, externalId: 'founder', displayName: 'founder' });
    const federation = await tx.createFederation({ name: fname, purpose: 'testing the relay', rootAssemblyId: root.id, foundedById: founder.id });
    const levels: Assembly[][] = [[root]];
    for (let d = 1; d <= o.depth; d++) {
      const next: Assembly[] = [];
      for (const parent of levels[d - 1] ?? []) {
        for (let i = 1; i <= o.fanout; i++) {
          const level = o.depth - d;
          const a = await make(`${parent.name.replace(/ Council$/, '')}.${i}`, level);
          await tx.createEdge({ federationId: federation.id, childAssemblyId: a.id, parentAssemblyId: parent.id, seats: 1, joinedByMotionId: null });
          if (level > 0) await tx.appendEvent(a.id, { type: 'delegates.created', actorId: null, payload: { federation: fname } }, new Date());
          next.push(a);
        }
      }
      levels.push(next);
    }
    for (const level of levels) {
      for (const a of level) {
        for (const user of members(a)) {
          const person = (await tx.personByAccount(platform, user)) ?? (await tx.createPerson(user, { platform, externalId: user, displayName: user }));
          await tx.upsertMembership({ assemblyId: a.id, personId: person.id, status: 'active', role: 'member' });
        }
      }
    }
    return {
      federation,
      root,
      levels,
      room,
      members,
    };
  });
}

export const ids = (list: readonly { id: AssemblyId | string }[]): AssemblyId[] => list.map((a) => asAssemblyId(a.id));
