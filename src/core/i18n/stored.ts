import { isMessageId, type MessageId, type ParamsOf } from './catalogues.js';
import type { ParamValue } from './message-types.js';
import { ENGLISH, type Localized, type ParamsArg, type Speech } from './speech.js';

/**
 * Texts kept in the database and read later by members (a law-book note, a
 * referral's reason, a room-access reason): the English stays as written for
 * the record, and beside it the message id and parameters that word the same
 * facts, so each reader sees them in their own language. Old rows have no
 * message and are shown as stored.
 */

/** A message kept as JSON: its id and plain parameters, a parameter possibly itself a message (worded in the same language). */
export interface StoredMessage {
  readonly id: MessageId;
  readonly params: Readonly<Record<string, string | number | StoredMessage>>;
}

type TreeParams<K extends MessageId> = { readonly [P in keyof ParamsOf<K>]: Exclude<ParamsOf<K>[P], Date> | StoredMessage };

/** A message whose parameters may be messages themselves, checked like `t(id, params)`. */
export function node<K extends MessageId>(id: K, ...params: keyof ParamsOf<K> extends never ? [] : [TreeParams<K>]): StoredMessage {
  return { id, params: params[0] ?? {} };
}

/** A flat message and its parameters, checked like `t(id, params)`, to store and render later. */
export function localized<K extends MessageId>(id: K, ...params: ParamsArg<K>): Localized {
  return { id, params: params[0] ?? {} };
}

/** A flat message as kept: dates as ISO text. */
export function toStored(text: Localized): StoredMessage {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(text.params)) params[k] = v instanceof Date ? v.toISOString() : v;
  return { id: text.id, params };
}

const MAX_DEPTH = 6;

/** A stored message read back, or null when there is none or it names a message this version does not know. */
export function fromStored(v: unknown, depth = 0): StoredMessage | null {
  if (depth > MAX_DEPTH || typeof v !== 'object' || v === null) return null;
  const { id, params } = v as { id?: unknown; params?: unknown };
  if (typeof id !== 'string' || !isMessageId(id) || typeof params !== 'object' || params === null) return null;
  const p: Record<string, string | number | StoredMessage> = {};
  for (const [k, x] of Object.entries(params)) {
    if (typeof x === 'string' || typeof x === 'number') p[k] = x;
    else {
      const inner = fromStored(x, depth + 1);
      if (!inner) return null;
      p[k] = inner;
    }
  }
  return { id, params: p };
}

/** A stored message in this reader's language, its inner messages first. */
export function renderStored(t: Speech, m: StoredMessage): string {
  const params: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(m.params)) params[k] = typeof v === 'object' ? renderStored(t, v) : v;
  return t.render({ id: m.id, params });
}

/** The stored text for this reader: its message in their language, else the English as stored. */
export function storedText(t: Speech, english: string, message: unknown): string {
  const m = fromStored(message);
  if (!m) return english;
  try {
    return renderStored(t, m);
  } catch {
    // Parameters that no longer fit the message (a later version changed it): the record's words still stand.
    return english;
  }
}

/** The English of a stored message, for the record beside it. */
export const englishOf = (m: StoredMessage): string => renderStored(ENGLISH, m);

/**
 * A reason a platform shows with a room-access change (a Matrix invite or
 * kick, a Discord audit entry): the English for the outbox record, and the
 * message the access job words in the language of the room's assembly when it runs.
 */
export const accessReason = (m: StoredMessage): { readonly reason: string; readonly message: StoredMessage } => ({ reason: englishOf(m), message: m });
