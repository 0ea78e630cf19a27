export { speechFor, ENGLISH, type Speech, type Localized, type ParamsArg } from './speech.js';
export { LANGUAGES, DEFAULT_LANGUAGE, DEFAULT_TIME_ZONE, languageOf, parseLanguageTag, parseTimeZone, platformLanguage, type Language } from './locales.js';
export { CATALOGUES, en, isMessageId, type MessageId, type ParamsOf, type Translation } from './catalogues.js';
export { errT, selector } from './localized.js';
export { roomSpeech, personalSpeech, type SpeechSettings } from './audience.js';
export { toStored, fromStored, storedText, renderStored, localized, node, englishOf, accessReason, type StoredMessage } from './stored.js';
