import type { z } from 'zod';
import type { Actor, RoomRef } from '../model/entities.js';
import type { OutMessage } from '../messages/message.js';
import type { Result } from '../shared/result.js';
import type { CoreDeps } from '../services/deps.js';
import { ENGLISH, type Speech } from '../i18n/speech.js';

/** Who may run a command; checked by the dispatcher before the handler runs. */
export type Permission =
  /** Anyone who can talk to the bot (help, link). */
  | 'anyone'
  /** Anyone in a room bound to an assembly (join, show). */
  | 'in-assembly-room'
  /** An active member of the room's assembly. */
  | 'member'
  /** A facilitator of the room's assembly (or anyone before it is set up). */
  | 'facilitator'
  /**
   * Someone the platform itself lets administer this room (Discord: Manage
   * Server, or Manage Channels for the channel; Matrix: a power level that may
   * change `m.room.power_levels`). Claiming or binding a room needs it, so a
   * passer-by cannot make a community's room an assembly. The adapter decides
   * it from the platform's own state and passes it as `CommandContext.roomAdmin`.
   */
  | 'room-admin';

/**
 * How one argument is given in text (`!` grammar) and rendered as a
 * slash-command option. Its description is the catalogue's
 * `help.<command path>.arg.<name>`, else `help.arg.<name>` (`help-text.ts`).
 */
export interface ArgSpec {
  readonly name: string;
  /** Positional in the text grammar (in this order) instead of `--name value`. */
  readonly positional?: boolean;
  /** Takes the rest of the positional words (text grammar) / repeated option. */
  readonly rest?: boolean;
  readonly type: 'string' | 'text' | 'integer' | 'boolean' | 'choice' | 'user' | 'list';
  readonly choices?: readonly string[];
  readonly required?: boolean;
  /** Long text: Discord collects it in a modal. */
  readonly long?: boolean;
  /** What to offer while it is typed (Discord autocomplete; `commands/suggest.ts`). */
  readonly suggest?: SuggestKind;
}

/** Where an argument's picks come from: see `commands/suggest.ts`. */
/** `seats`: the federations this assembly sends delegates to and its committees (what `nominate` may name). */
export type SuggestKind = 'motion' | 'upstairs-motion' | 'assembly' | 'federation' | 'seats' | 'option' | 'proposal';

/**
 * One chat command, declared once and served by every platform. Its help is
 * in the message catalogue under its path (`help.motion.propose.summary`,
 * `.text`, `.examples`: `catalogue.en.help.ts`), in every language.
 */
export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  /** Name path, e.g. ['motion', 'propose']. */
  readonly path: readonly string[];
  readonly permission: Permission;
  readonly args: readonly ArgSpec[];
  /** Validates the raw arguments (strings from text, typed values from Discord). */
  readonly schema: S;
  readonly handler: (ctx: CommandContext, args: z.infer<S>) => Promise<Result<CommandReply>>;
}

export interface CommandContext {
  readonly deps: CoreDeps;
  readonly actor: Actor;
  readonly room: RoomRef;
  /** Correlates every log line of one operation. */
  readonly requestId: string;
  /**
   * Whether the platform says the actor may administer this room (see the
   * `room-admin` permission). Set by the adapter from platform state read for
   * this command; absent means no.
   */
  readonly roomAdmin?: boolean;
  /** The language the platform says the member uses (Discord interactions carry one), if it says. */
  readonly platformLocale?: string;
  /**
   * How to word replies: `personal` for the member (their choice, else the
   * platform's locale, else the room's assembly's), `room` for what the room
   * hears (the assembly's). Set by the dispatcher; absent: English in UTC.
   */
  readonly speech?: { readonly personal: Speech; readonly room: Speech };
}

/** The words for a reply of this visibility (English in UTC before the dispatcher has chosen). */
export const speechOf = (ctx: Pick<CommandContext, 'speech'>, visibility: 'personal' | 'public' = 'personal'): Speech => (visibility === 'public' ? ctx.speech?.room : ctx.speech?.personal) ?? ENGLISH;

/** What a handler answers: replies to the caller; announcements go to the assembly's rooms. */
export interface CommandReply {
  readonly replies: readonly OutMessage[];
}

export const reply = (...replies: OutMessage[]): CommandReply => ({ replies });

/** Keeps the schema's inferred type when declaring a command in a table. */
export function defineCommand<S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec {
  return spec;
}
