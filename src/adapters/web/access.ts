import type { Assembly } from '../../core/model/entities.js';
import type { StoreReads } from '../../core/ports/store.port.js';
import type { PersonId } from '../../core/shared/ids.js';

/** Who is looking: nobody in particular, or the person a valid personal link named. */
export interface Viewer {
  readonly personId: PersonId | null;
}

export type Visibility = 'visible' | 'members-only' | 'off';

/**
 * Whether the viewer may see an assembly's pages, by the assembly's own
 * `web-visibility`: public → anyone; members → an active member holding a
 * valid personal link (membership is read now, so a member who left or was
 * excluded loses it at once); off → nobody.
 */
export async function visibility(reads: StoreReads, assembly: Assembly, viewer: Viewer): Promise<Visibility> {
  const v = assembly.policy.webVisibility;
  if (v === 'off') return 'off';
  if (v === 'public') return 'visible';
  if (!viewer.personId) return 'members-only';
  const m = await reads.membership(assembly.id, viewer.personId);
  return m?.status === 'active' ? 'visible' : 'members-only';
}
