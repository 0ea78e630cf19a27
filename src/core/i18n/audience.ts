import type { Policy } from '../model/policy.js';
import type { SpeechPreference } from '../ports/store.port.js';
import { DEFAULT_LANGUAGE, DEFAULT_TIME_ZONE, parseLanguageTag, parseTimeZone, platformLanguage } from './locales.js';
import { speechFor, type Speech } from './speech.js';

/**
 * Who hears what, in which language and zone (issue 18 item 12):
 * - a room hears its assembly's (`assembly policy language|timezone`);
 * - a personal reply: the member's own choice (`language`, `timezone`), else
 *   the locale the platform gives (Discord interactions carry one), else the
 *   assembly's of the room, else English in UTC.
 * Stored values are checked again here: a row edited behind the program's
 * back speaks the default rather than failing a reply.
 */
export type SpeechSettings = Partial<Pick<Policy, 'language' | 'timeZone'>>;

const known = new Map<string, Speech>();
/** Distinct (language, zone) pairs in use are few; stored junk must not grow this without end. */
const MAX_KNOWN = 1000;

function speechOf(language: string | null | undefined, timeZone: string | null | undefined): Speech {
  const key = `${language ?? ''}\u0000${timeZone ?? ''}`;
  let s = known.get(key);
  if (!s) {
    const tag = language ? parseLanguageTag(language) : undefined;
    const zone = timeZone ? parseTimeZone(timeZone) : undefined;
    s = speechFor(tag?.ok ? tag.value : DEFAULT_LANGUAGE, zone?.ok ? zone.value : DEFAULT_TIME_ZONE);
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(key, s);
  }
  return s;
}

/** How an assembly's rooms are spoken to. */
export function roomSpeech(policy: SpeechSettings | undefined): Speech {
  return speechOf(policy?.language, policy?.timeZone);
}

/** How one member is answered personally. */
export function personalSpeech(preference: SpeechPreference | undefined, platformLocale: string | undefined, policy: SpeechSettings | undefined): Speech {
  const chosen = preference?.language ? parseLanguageTag(preference.language) : undefined;
  const language = (chosen?.ok ? chosen.value : undefined) ?? platformLanguage(platformLocale) ?? policy?.language;
  const chosenZone = preference?.timeZone ? parseTimeZone(preference.timeZone) : undefined;
  return speechOf(language, (chosenZone?.ok ? chosenZone.value : undefined) ?? policy?.timeZone);
}
