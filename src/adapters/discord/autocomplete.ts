import type { AutocompleteInteraction } from 'discord.js';
import { suggest } from '../../core/commands/suggest.js';
import { argsOf, type HandlerDeps } from './command-handler.js';
import { actorOf, roomOf } from './interaction-context.js';
import { clip, DISCORD_LIMITS, size } from './limits.js';
import { specFor } from './slash-commands.js';

/**
 * Discord drops an autocomplete answer after 3 s; the picks must be ready
 * well before, with room for the request itself. Past this the member gets
 * no picks rather than an error: they can still type.
 */
export const AUTOCOMPLETE_BUDGET_MS = 2000;

/**
 * Answers an autocomplete request with the core's picks for the focused
 * option (`commands/suggest.ts`: only what the member could see anyway), cut
 * to Discord's limits: 25 choices, names of 1-100 characters, values of at
 * most 100 (a longer value could not be filled in whole, so it is left out).
 */
export async function answerAutocomplete(i: AutocompleteInteraction, d: HandlerDeps): Promise<void> {
  const spec = specFor(d.table, i.commandName, i.options.getSubcommandGroup(false), i.options.getSubcommand(false));
  const room = roomOf(i);
  const focused = i.options.getFocused(true);
  if (!spec || !room) return i.respond([]);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<[]>((resolve) => {
    timer = setTimeout(() => resolve([]), AUTOCOMPLETE_BUDGET_MS);
  });
  try {
    const picks = await Promise.race([suggest({ deps: d.core, actor: actorOf(i), room, spec, arg: focused.name, typed: focused.value, given: argsOf(i.options.data) }), late]);
    const choices = picks
      .filter((p) => size(p.value) >= 1 && size(p.value) <= DISCORD_LIMITS.choiceName)
      .slice(0, DISCORD_LIMITS.optionChoices)
      .map((p) => ({ name: clip(p.label.trim() || p.value, DISCORD_LIMITS.choiceName), value: p.value }));
    await i.respond(choices);
  } finally {
    clearTimeout(timer);
  }
}
