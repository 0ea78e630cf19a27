/**
 * Discord's documented size limits. Everything the bot renders is clipped to
 * these before it is sent: a message Discord refuses is a message the
 * assembly never sees.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  actionRows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  selectLabel: 100,
  selectValue: 100,
  selectPlaceholder: 150,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  optionChoices: 25,
  choiceName: 100,
  topLevelCommands: 100,
  modalTitle: 45,
  modalFields: 5,
  textInputLabel: 45,
  textInputValue: 4000,
  /** A string option's max_length (and min_length) may be at most this. */
  stringOptionLength: 6000,
  /** A message nonce is an integer or a string of at most 25 characters. */
  nonce: 25,
} as const;

export const ELLIPSIS = '…';

/** JS string length counts UTF-16 units, which is never less than what Discord counts, so it is the safe measure. */
export const size = (text: string): number => text.length;

/**
 * Cuts text to at most `max` UTF-16 units without splitting a surrogate pair,
 * ending with `…` plus an optional note (e.g. where to read the rest).
 */
export function clip(text: string, max: number, note = ''): string {
  if (size(text) <= max) return text;
  const tail = `${ELLIPSIS}${note}`;
  const room = max - size(tail);
  if (room <= 0) return tail.slice(0, Math.max(0, max));
  let out = '';
  for (const ch of text) {
    if (size(out) + size(ch) > room) break;
    out += ch;
  }
  return out.trimEnd() + tail;
}
