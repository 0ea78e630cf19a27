import { ApplicationCommandOptionType, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { CommandHandler, type HandlerDeps } from '../../../src/adapters/discord/command-handler.js';
import { FormState } from '../../../src/adapters/discord/form-state.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

interface Shown {
  readonly title: string;
  readonly components: readonly { readonly components: readonly { readonly label: string }[] }[];
}

/** `/motion propose` without its title: the form opens, in whatever words the handler picks. */
async function openForm(locale: string): Promise<Shown> {
  const s = new Scenario();
  // A form must open within Discord's 3 seconds with no deferral: the store is not read first (any read here fails the test).
  const core = { ...s.deps, store: new Proxy(s.deps.store, { get: () => { throw new Error('the store was read before the form opened'); } }) };
  const deps = { core, table: s.table, access: {}, tally: {}, log: silentLogger, forms: new FormState(), ackDeadlineMs: 2500 } as unknown as HandlerDeps;
  const shown: Shown[] = [];
  const interaction = {
    commandName: 'motion',
    locale,
    options: { getSubcommandGroup: () => null, getSubcommand: () => 'propose', data: [{ name: 'propose', type: ApplicationCommandOptionType.Subcommand, options: [] }] },
    showModal: (m: Shown) => {
      shown.push(m);
      return Promise.resolve();
    },
  } as unknown as ChatInputCommandInteraction;
  await new CommandHandler(deps).onSlash(interaction);
  const [form] = shown;
  if (!form) throw new Error('no form was shown');
  return form;
}

describe('GIVEN a Discord member whose client speaks Spanish', () => {
  it('THEN the form (modal) opens in the interaction locale, without reading the store; another locale gets English', async () => {
    const es = await openForm('es-ES');
    expect(es.title).toBe('Presenta una moción');
    expect(es.components[0]?.components[0]?.label).toMatch(/^Un título de una línea/);
    const en = await openForm('en-US');
    expect(en.title).toMatch(/^Move a motion/);
  });
});
