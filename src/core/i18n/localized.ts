import type { DomainError, ErrorCode, Err } from '../shared/result.js';
import type { MessageId } from './catalogue-types.js';
import type { ParamsShape } from './message-types.js';
import { ENGLISH, type ParamsArg } from './speech.js';

/**
 * A refusal as a message id and its parameters: `message` holds it in English
 * (logs, tests, code that adds to it), and the dispatcher renders `localized`
 * in the language of whoever is answered.
 */
export function errT<K extends MessageId>(code: ErrorCode, id: K, ...params: ParamsArg<K>): Err<DomainError> {
  const p: ParamsShape = params[0] ?? {};
  return { ok: false, error: { code, message: ENGLISH.t(id, ...params), localized: { id, params: p } } };
}

/** An ICU select key for a value with dashes (`yes-no-abstain` → `yes_no_abstain`): selectors are identifiers. */
export const selector = (value: string): string => value.replaceAll('-', '_');
