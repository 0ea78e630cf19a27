import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';

describe('GIVEN a Discord assembly that speaks Spanish (assembly policy language es)', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start();
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Barrio' }));
    for (const who of ['ben', 'cy']) await h.answer(await h.slash(who, ROOM, 'join'));
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'language', value: 'es' }));
    await h.answer(await h.slash('ana', ROOM, 'assembly policy', { key: 'timezone', value: 'America/Mexico_City' }));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN a motion is moved THEN the channel gets its announcement in Spanish, the deadline in the assembly zone', async () => {
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Huerto', body: 'Un huerto en la plaza.', hours: 48 }));
    const announced = await h.waitFor(ROOM, (m) => text(m).includes('La moción n.º 1 está abierta a votación'));
    expect(text(announced)).toContain('Para votar');
    expect(text(announced)).toMatch(/GMT-6|CST/);
  });

  it('WHEN a member votes with a Spanish word THEN it counts; personal replies follow the interaction locale (en-US here) until the member chooses', async () => {
    const ok = await h.answer(await h.slash('ben', ROOM, 'vote', { motion: '1', choice: 'sí' }));
    expect(text(ok.message!)).toContain('Vote recorded on motion #1');
    expect(text((await h.answer(await h.slash('cy', ROOM, 'language', { tag: 'es' }))).message!)).toContain('Idioma: Español');
    const bad = await h.answer(await h.slash('cy', ROOM, 'vote', { motion: '1', choice: 'quizás' }));
    expect(text(bad.message!)).toContain('Vota sí, no o abstención en la moción n.º 1');
  });
});
