import { isMessageId, type MessageId } from './catalogues.js';
import type { ParamValue } from './message-types.js';
import { ENGLISH, type Localized, type ParamsArg, type Speech } from './speech.js';

/**
 * Texts kept in the database and read later by members (a law-book note, a
 * referral's reason, a room-access reason): the English stays as written for
 * the record, and beside it the message id and parameters that word the same
 * facts, so each reader sees them in their own language. Old rows have no
 * message and are shown as stored.
 */

/** A message and its parameters, kept as JSON: `{ id, params }` with plain strings and numbers. */
export function toStored(text: Localized): { id: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(text.params)) params[k] = v instanceof Date ? v.toISOString() : v;
  return { id: text.id, params };
}

/** A stored message read back, or null when there is none or it names a message this version does not know. */
export function fromStored(v: unknown): Localized | null {
  if (typeof v !== 'object' || v === null) return null;
  const { id, params } = v as { id?: unknown; params?: unknown };
  if (typeof id !== 'string' || !isMessageId(id) || typeof params !== 'object' || params === null) return null;
  const p: Record<string, ParamValue> = {};
  for (const [k, x] of Object.entries(params)) {
    if (typeof x !== 'string' && typeof x !== 'number') return null;
    p[k] = x;
  }
  return { id, params: p };
}

/** The stored text for this reader: its message in their language, else the English as stored. */
export function storedText(t: Speech, english: string, message: unknown): string {
  const m = fromStored(message);
  if (!m) return english;
  try {
    return t.render(m);
  } catch {
    // Parameters that no longer fit the message (a later version changed it): the record's words still stand.
    return english;
  }
}

/** A message and its parameters, checked like `t(id, params)`, to store and render later. */
export function localized<K extends MessageId>(id: K, ...params: ParamsArg<K>): Localized {
  return { id, params: params[0] ?? {} };
}

/** The English of a message, for the record beside it. */
export const englishOf = (text: Localized): string => ENGLISH.render(text);
