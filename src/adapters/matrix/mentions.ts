import { inertMentions } from '../../core/messages/inert.js';

const ZWSP = '\u200b';

/** A user id or room alias as Matrix clients and push rules find it in text: `@local:server`, `#alias:server`. */
const MATRIX_ID = /([@#])([a-z0-9._=\-/+]+)(:[a-z0-9.-]+(?::\d+)?|:\[[0-9a-f:.]+\](?::\d+)?)/gi;

/**
 * Makes text unable to highlight anyone when the bot sends it on Matrix.
 * Push rules look for a user's whole id, their localpart and their display
 * name as words in `body`, and for `@room`; clients turn ids into pills. So
 * a zero-width space goes after the sigil and after the first character of
 * the localpart (which splits it as a word for the `contains_user_name`
 * rule), and `@room`/`@everyone` get one as well. `keep` lists ids the text may
 * name as they are (the bot's own: people copy it to open a DM; it pings nobody).
 * Display names are not rewritten: they are ordinary words ("Sam"), and the
 * bot cannot know every member's; every event the bot sends is a notice and
 * carries `m.mentions: {}`, which make homeservers skip the name rules.
 */
export function inertMatrixText(text: string, keep: ReadonlySet<string> = new Set()): string {
  return inertMentions(text).replace(MATRIX_ID, (whole, sigil: string, local: string, server: string) => {
    if (keep.has(whole)) return whole;
    // The pattern admits ASCII only, so one UTF-16 unit is one character here.
    const rest = local.slice(1);
    return `${sigil}${ZWSP}${local.slice(0, 1)}${rest === '' ? '' : ZWSP}${rest}${server}`;
  });
}
