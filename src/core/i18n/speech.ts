import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, en, type MessageId, type ParamsOf } from './catalogues.js';
import { DEFAULT_LANGUAGE, DEFAULT_TIME_ZONE, languageOf } from './locales.js';
import type { ParamsShape } from './message-types.js';

/** `t(id)` for a message without arguments, `t(id, params)` with: a forgotten parameter is a type error. */
export type ParamsArg<K extends MessageId> = keyof ParamsOf<K> extends never ? [params?: ParamsOf<K>] : [params: ParamsOf<K>];

/** A message id and its parameters, rendered later in the reader's language (refusals: `errT`). */
export interface Localized {
  readonly id: MessageId;
  readonly params: ParamsShape;
}

/**
 * How Plenary speaks to one audience: a language tag (its catalogue, plural
 * rules, number and date formats) and a time zone for dates. A room hears
 * its assembly's (`assembly policy language|timezone`); a personal reply the
 * member's own choice (`language`, `timezone`), else the platform's locale,
 * else the assembly's.
 */
export interface Speech {
  readonly locale: string;
  readonly timeZone: string;
  t<K extends MessageId>(id: K, ...params: ParamsArg<K>): string;
  /** A stored `Localized` (a refusal), in this language. */
  render(text: Localized): string;
  /** A date and time in this zone: "Thu 10 Dec, 10:26 CET". */
  date(d: Date): string;
  /** A deadline relative to `now` and absolute: "in 2 days (Thu 10 Dec, 10:26 CET)". */
  deadline(d: Date, now: Date): string;
  /** A whole number in this language's digits and grouping (1,234 / 1234 / 1.234). */
  number(n: number): string;
}

// Compiled messages per locale tag and id: a few languages × a few hundred ids at most.
const compiled = new Map<string, IntlMessageFormat>();

function formatter(locale: string, id: MessageId): IntlMessageFormat {
  const key = `${locale}\u0000${id}`;
  let f = compiled.get(key);
  if (!f) {
    // Per message: a language missing a message speaks it in English.
    const text = CATALOGUES[languageOf(locale)][id] ?? en[id].text;
    // ignoreTag: `<name>` in usage lines and `2>1>3` in hints are text, not markup.
    f = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    compiled.set(key, f);
  }
  return f;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    // Plain `en` writes the day first ("Thu 10 Dec"), as the example and most English readers do; `en-US` keeps its order.
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' });
    dateFormats.set(key, f);
  }
  return f;
}

/** The largest unit that fits, rounded toward the deadline: "in 2 days", "in 5 hours", "in 3 minutes". */
function relative(locale: string, ms: number): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.round(ms / 60_000);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(ms / 86_400_000), 'day');
}

export function speechFor(locale: string = DEFAULT_LANGUAGE, timeZone: string = DEFAULT_TIME_ZONE): Speech {
  const speech: Speech = {
    locale,
    timeZone,
    t<K extends MessageId>(id: K, ...params: ParamsArg<K>): string {
      return format(locale, id, params[0] ?? {}, speech);
    },
    render: (text) => format(locale, text.id, text.params, speech),
    date: (d) => dateFormat(locale, timeZone).format(d),
    deadline: (d, now) => `${relative(locale, d.getTime() - now.getTime())} (${dateFormat(locale, timeZone).format(d)})`,
    number: (n) => new Intl.NumberFormat(locale).format(n),
  };
  return speech;
}

function format(locale: string, id: MessageId, params: ParamsShape, speech: Speech): string {
  // Dates in the audience's zone and format; numbers and text as they are (motion #1234 is not "1,234").
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) values[k] = v instanceof Date ? speech.date(v) : v;
  try {
    return String(formatter(locale, id).format(values));
  } catch {
    // A translation that cannot be formatted (a test holds every one to English) must not cost the member the answer.
    return String(new IntlMessageFormat(en[id].text, 'en', undefined, { ignoreTag: true }).format(values));
  }
}

/** English in UTC: logs, tests, and whoever has chosen nothing. */
export const ENGLISH: Speech = speechFor();
