import type { Assembly } from '../../../core/model/entities.js';
import type { StoreReads } from '../../../core/ports/store.port.js';
import type { Html } from '../html.js';
import { visibility, type Viewer } from '../access.js';
import type { VerificationLog } from './verifications.js';
import type { LevelCache } from './level-cache.js';

/** What every page reads through: the core's read port and who is looking. */
export interface PageContext {
  readonly reads: StoreReads;
  readonly viewer: Viewer;
  readonly now: () => Date;
  /** Whether a URL segment can be an id of the store (checked before any query reaches it). */
  readonly isId: (s: string) => boolean;
  readonly verifications: VerificationLog;
  readonly levels: LevelCache;
}

/** A page that cannot be shown: 404 (no such thing), 403 (members only, or kept off the web). */
export interface Refusal {
  readonly refuse: 'not-found' | 'members-only' | 'off';
}

export type PageResult = Html | Refusal;

export const notFound: Refusal = { refuse: 'not-found' };

export const isRefusal = (r: PageResult): r is Refusal => 'refuse' in r;

/** The assembly if the viewer may see it, else the refusal to show. */
export async function visibleAssembly(ctx: PageContext, assembly: Assembly | null): Promise<Assembly | Refusal> {
  if (!assembly) return notFound;
  const v = await visibility(ctx.reads, assembly, ctx.viewer);
  if (v === 'visible') return assembly;
  return { refuse: v };
}

/** Ids in URLs are UUIDs (the stores' ids); anything else is a 404 before any query. */
export const UUID_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
