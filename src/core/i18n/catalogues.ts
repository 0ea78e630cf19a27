import { en } from './catalogue.en.js';
import { es } from './catalogue.es.js';
import type { MessageId } from './catalogue-types.js';
import type { Language } from './locales.js';
import type { Message, ParamsShape } from './message-types.js';

export { en };
export type { MessageId, ParamsOf, Translation } from './catalogue-types.js';

/** Per language: its texts; a missing one is spoken in English (`speech.ts`). */
export const CATALOGUES: Readonly<Record<Language, Readonly<Partial<Record<MessageId, string>>>>> = {
  en: Object.fromEntries(Object.entries(en).map(([id, m]: [string, Message<ParamsShape>]) => [id, m.text])),
  es,
};

export const isMessageId = (id: string): id is MessageId => Object.hasOwn(en, id);
