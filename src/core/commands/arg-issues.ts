import type { z } from 'zod';
import { isMessageId, type Localized, type Speech } from '../i18n/index.js';

/**
 * One zod issue in the reader's words: zod writes its own messages in
 * English, so each issue code (zod 4) maps to a catalogue message with the
 * issue's facts (a limit, the allowed values, the expected type). A custom
 * issue carries its message (`argIssue` in args.ts).
 */
export function issueWords(speech: Speech, i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'custom':
      return customText(speech, i.params, i.message);
    case 'invalid_type':
      return speech.t('args.zod.type', { expected: knownType(i.expected) });
    case 'too_big':
      return bound(speech, 'max', i.origin, i.maximum);
    case 'too_small':
      return bound(speech, 'min', i.origin, i.minimum);
    case 'invalid_value':
      return speech.t('args.zod.oneOf', { values: i.values.map(String).join(', ') });
    case 'invalid_format':
      return speech.t('args.zod.format');
    case 'not_multiple_of':
      return speech.t('args.zod.multipleOf', { divisor: String(i.divisor) });
    case 'unrecognized_keys':
      return speech.t('args.zod.unknownKeys', { keys: i.keys.join(', ') });
    default:
      // invalid_union, invalid_key, invalid_element: the value is not one this argument takes.
      return speech.t('args.zod.invalid');
  }
}

const TYPES = ['string', 'number', 'int', 'boolean', 'array'] as const;
const knownType = (t: string): string => ((TYPES as readonly string[]).includes(t) ? t : 'other');

function bound(speech: Speech, side: 'min' | 'max', origin: string, limit: number | bigint): string {
  const n = Number(limit);
  const what = origin === 'string' ? 'chars' : origin === 'array' || origin === 'set' ? 'entries' : 'number';
  return speech.t('args.zod.bound', { side, what, n });
}

/** A custom issue's own words (`argIssue` in args.ts) in the reader's language, else zod's English. */
function customText(speech: Speech, params: Record<string, unknown> | undefined, english: string): string {
  const l = params?.localized as { id?: unknown; params?: unknown } | undefined;
  return typeof l?.id === 'string' && isMessageId(l.id) && typeof l.params === 'object' && l.params !== null ? speech.render({ id: l.id, params: l.params as Localized['params'] }) : english;
}
