/**
 * Makes user text unable to ping or inject markup when a platform renders it:
 * `@everyone`/`@here`, Discord `<@id>`, `<@&role>`, `<#channel>`, and Matrix
 * pills/HTML. A zero-width space after the trigger keeps the text readable.
 * Adapters apply it to every piece of user text (and Discord additionally
 * sends `allowed_mentions: { parse: [] }`): defence in depth.
 */
const ZWSP = '\u200b';

export function inertMentions(text: string): string {
  return text
    .replace(/@(everyone|here|room)\b/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#)(\d+)>/g, (_m, kind: string, id: string) => `<${kind}${ZWSP}${id}>`);
}

/** For HTML renderers (Matrix formatted_body): escape, then make mentions inert. */
export function escapeHtml(text: string): string {
  return inertMentions(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
