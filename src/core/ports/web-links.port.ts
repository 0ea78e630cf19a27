import type { OutMessage } from '../messages/message.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';

/**
 * Where the web view (src/adapters/web) shows things, when one is configured
 * (`PLENARY_WEB_URL`). The core only asks for addresses; signing a member's
 * personal link is the adapter's business.
 */
export interface WebLinks {
  /** The page of what a message is about (its motion, its proposal), or null. */
  pageOf(message: OutMessage): string | null;
  /** A member's short-lived personal link to an assembly's pages. */
  personalLink(personId: PersonId, assemblyId: AssemblyId): { readonly url: string; readonly expiresAt: Date };
}

/** The message with a link to its page added as a field (unchanged without a page or with one already). */
export function withWebLink(links: WebLinks | undefined, message: OutMessage): OutMessage {
  const url = links?.pageOf(message);
  if (!url || message.fields?.some((f) => f.name === WEB_FIELD)) return message;
  return { ...message, fields: [...(message.fields ?? []), { name: WEB_FIELD, value: url }] };
}

export const WEB_FIELD = 'On the web';
