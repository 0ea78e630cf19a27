import type { OutMessage } from '../../core/messages/message.js';
import type { WebLinks } from '../../core/ports/web-links.port.js';
import type { AssemblyId, PersonId } from '../../core/shared/ids.js';
import { path } from './html.js';
import { signToken } from './token.js';

export interface LinkOptions {
  /** The public address of the web view (PLENARY_WEB_URL), without a trailing slash. */
  readonly baseUrl: string;
  readonly secret: Buffer;
  readonly now: () => Date;
  /** How long a personal link works (default 12 hours). */
  readonly ttlMs?: number;
}

/** The web view's addresses for the core: a message's page by its ref, and signed personal links. */
export function webLinks(o: LinkOptions): WebLinks {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    pageOf(m: OutMessage): string | null {
      const ref = m.ref ?? '';
      const motion = /^motion:([A-Za-z0-9_-]{1,64})$/.exec(ref)?.[1] ?? m.controls?.motionId;
      if (motion) return `${base}${path('m', motion)}`;
      const proposal = /^proposal:([A-Za-z0-9_-]{1,64})(?::|$)/.exec(ref)?.[1];
      return proposal ? `${base}${path('p', proposal)}` : null;
    },
    personalLink(personId: PersonId, assemblyId: AssemblyId) {
      const expiresAt = new Date(o.now().getTime() + (o.ttlMs ?? 12 * 3600_000));
      const token = signToken(o.secret, { personId, expiresAt });
      return { url: `${base}/auth?t=${encodeURIComponent(token)}&next=${encodeURIComponent(path('a', assemblyId))}`, expiresAt };
    },
  };
}
