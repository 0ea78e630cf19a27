import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { HandlerDeps } from '../../../src/adapters/discord/command-handler.js';
import { internalError, localeSpeech } from '../../../src/adapters/discord/interaction-context.js';
import { InteractionRouter } from '../../../src/adapters/discord/interaction-router.js';
import { announcementControls, rankingStep } from '../../../src/adapters/discord/render-controls.js';
import { tallyField } from '../../../src/adapters/discord/render-message.js';
import type { VoteControls } from '../../../src/core/messages/message.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

interface Replied {
  readonly embeds: readonly { readonly title?: string; readonly description?: string }[];
}

/** A button from an older Plenary ("pl0:…"), pressed by a member whose Discord client speaks `locale`. */
async function pressStaleButton(locale: string): Promise<Replied> {
  const replies: Replied[] = [];
  const i = {
    id: `i-${locale}`,
    locale,
    user: { id: 'u1', bot: false },
    customId: 'pl0:v:motion:yes',
    isChatInputCommand: () => false,
    isAutocomplete: () => false,
    isModalSubmit: () => false,
    isButton: () => true,
    isStringSelectMenu: () => false,
    isRepliable: () => true,
    reply: (r: Replied) => {
      replies.push(r);
      return Promise.resolve();
    },
  } as unknown as Interaction;
  const s = new Scenario();
  await new InteractionRouter({ core: s.deps, table: s.table, log: silentLogger } as unknown as HandlerDeps).handle(i);
  const [first] = replies;
  if (!first) throw new Error('the member was not answered');
  return first;
}

const controls = (method: VoteControls['method'], secret = false): VoteControls => ({ motionId: 'm1', motionNumber: 3, assemblyId: 'a1', method, options: ['Alba', 'Berta', 'Carmen'], seats: 1, secret, closed: false });

describe('GIVEN a Discord member whose client speaks Spanish (interaction locale es-ES)', () => {
  it('WHEN they press an out-of-date button THEN they are told so in Spanish; an English client hears English', async () => {
    const es = await pressStaleButton('es-ES');
    expect(es.embeds[0]?.title).toContain('Este botón está desactualizado');
    expect(es.embeds[0]?.description).toContain('Viene de una versión anterior de Plenary');
    const en = await pressStaleButton('en-GB');
    expect(en.embeds[0]?.title).toContain('This button is out of date');
  });

  it('THEN an internal error, the ranking select and the live tally speak Spanish, with plurals', () => {
    const es = localeSpeech({ locale: 'es-ES' });
    expect(internalError('ab12cd34', es).title).toBe('Algo ha fallado');
    expect(internalError('ab12cd34', es).body).toContain('ab12cd34');
    const select = rankingStep(controls('ranked'), [0], es)[0]?.components[0];
    expect(select && 'placeholder' in select ? select.placeholder : '').toBe('Tu 2.ª opción…');
    const approve = announcementControls(controls('approval'), es)[0]?.components[0];
    expect(approve && 'placeholder' in approve ? approve.placeholder : '').toBe('Elige cada opción que apruebas…');
    expect(tallyField(controls('yes-no-abstain'), { ballots: 1, counts: { yes: 1 } } as never, es)).toEqual({ name: 'Recuento en vivo', value: 'Sí 1 · No 0 · Abstención 0 — 1 papeleta emitida' });
    expect(tallyField(controls('approval', true), { ballots: 2, counts: {} } as never, es)).toEqual({ name: 'Papeletas hasta ahora (voto secreto: recuento al cierre)', value: '2 papeletas emitidas' });
    expect(tallyField(controls('ranked'), null).name).toBe('Live tally (first preferences)');
  });
});
