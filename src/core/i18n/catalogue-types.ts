import type { en } from './catalogue.en.js';
import type { Message } from './message-types.js';

type Source = typeof en;
/** Every message id of the source catalogue. */
export type MessageId = keyof Source;
/** The parameters a message takes, by name and type. */
export type ParamsOf<K extends MessageId> = Source[K] extends Message<infer P> ? P : never;
/** A complete translation: every id, nothing else (`satisfies Translation`). */
export type Translation = { readonly [K in MessageId]: string };
