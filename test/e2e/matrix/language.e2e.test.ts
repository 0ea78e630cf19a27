import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatrixHomeserverDouble } from '../../support/matrix-homeserver-double.js';
import { assemblyRoom, person, roomWithBot, startBot, type MatrixWorld } from '../../support/matrix-scenario.js';
import { textOf } from '../../support/matrix-test-user.js';

let double: MatrixHomeserverDouble;
const world = (): MatrixWorld => ({ url: double.url, register: (l) => Promise.resolve(double.register(l)) });

beforeAll(async () => {
  double = await MatrixHomeserverDouble.start();
});
afterAll(async () => {
  await double.close();
});

describe('GIVEN a Matrix assembly that speaks Spanish (assembly policy language es)', () => {
  it('THEN the room gets the motion announcement in Spanish with the deadline in its zone, and replies are in Spanish', async () => {
    const a = await assemblyRoom(world(), ['ana', 'ben']);
    try {
      const [ana, ben] = a.people;
      // The change of language is confirmed in the new language already.
      for (const line of ['!assembly policy language es', '!assembly policy timezone Pacific/Auckland']) expect(textOf(await ana!.command(a.roomId, line, a.bot))).toContain('fijado');
      const moved = await ana!.command(a.roomId, '!motion propose "Huerto comunitario" --hours 30', a.bot);
      expect(textOf(moved)).toBeTruthy();
      const announced = await ana!.waitFor(a.roomId, (e) => e.sender === a.bot && textOf(e).includes('La moción n.º 1 está abierta a votación'), 'the Spanish announcement');
      expect(textOf(announced)).toMatch(/GMT\+13/);
      const voted = await ben!.command(a.roomId, '!vote 1 sí', a.bot);
      expect(textOf(voted)).toContain('Voto registrado en la moción n.º 1');
      const help = await ben!.command(a.roomId, '!help motion propose', a.bot);
      expect(textOf(help)).toContain('Presenta una moción en esta asamblea');
      expect(textOf(help)).toContain('Ejemplos:');
      const typo = await ben!.command(a.roomId, '!motoin list', a.bot);
      expect(textOf(typo)).toContain('no es una orden. ¿Quisiste decir: ');
      // The adapter's own refusal (a bare name where a Matrix id is needed) speaks the room's language too.
      const bare = await ben!.command(a.roomId, '!member role ana facilitator', a.bot);
      expect(textOf(bare)).toContain('Esa orden necesita otros argumentos');
      expect(textOf(bare)).toContain('«ana» no es un id de usuario de Matrix');
    } finally {
      await a.h.stop();
    }
  });
});

describe('GIVEN a deployment whose default language is Spanish (PLENARY_DEFAULT_LANGUAGE=es)', () => {
  it('THEN the bot greets a room that is not yet an assembly in Spanish', async () => {
    const h = await startBot(world(), { defaultLanguage: 'es' });
    try {
      const ana = await person(world(), 'ana');
      const roomId = await roomWithBot(h, ana);
      const hello = await ana.waitFor(roomId, (e) => e.sender === h.userId && textOf(e).includes('Hola, soy Plenary'), 'the Spanish greeting');
      expect(textOf(hello)).toContain('convierte la sala en una asamblea con');
      expect(textOf(hello)).toContain('assembly setup "Nombre"');
      expect(textOf(hello)).not.toContain('Hello, I am Plenary');
    } finally {
      await h.stop();
    }
  });
});
