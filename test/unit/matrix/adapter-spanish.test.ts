import { describe, expect, it } from 'vitest';
import { declineReason } from '../../../src/adapters/matrix/autojoin-policy.js';
import type { MatrixApi } from '../../../src/adapters/matrix/matrix-api.js';
import type { RoomEvent } from '../../../src/adapters/matrix/matrix-events.js';
import { pollAnswers, pollStartContent, POLL_START_TYPE } from '../../../src/adapters/matrix/poll-content.js';
import { PollHandler } from '../../../src/adapters/matrix/poll-handler.js';
import type { Replies } from '../../../src/adapters/matrix/replies.js';
import { matrixRoomWords } from '../../../src/adapters/matrix/room-speech.js';
import type { OutMessage } from '../../../src/core/messages/message.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

const BOT = '@plenary:example.org';

/** A Matrix room whose assembly speaks `language`, with motion #1 open and its poll posted by the bot; what each poll answer is told privately. */
async function pollRoom(language: string): Promise<{ answer: (sender: string, selections: string[]) => Promise<OutMessage | undefined> }> {
  const { s, room } = await describeAssembly({ name: 'Barrio', members: ['@ana:example.org', '@ben:example.org'], policy: { language } }, { platform: 'matrix' });
  await s.run('@ana:example.org', room, 'motion propose "Huerto comunitario"');
  const controls = s.chat.in(room).find((m) => m.controls)?.controls;
  const answers = controls ? pollAnswers(controls) : null;
  if (!controls || !answers) throw new Error('motion #1 has no poll');
  const start: RoomEvent = { eventId: '$poll', roomId: room, type: POLL_START_TYPE, sender: BOT, content: pollStartContent(controls, 'Huerto comunitario', answers), originServerTs: 0 };
  const api = { userId: BOT, event: () => Promise.resolve(start) } as unknown as MatrixApi;
  const told: OutMessage[] = [];
  const replies = { privately: (_user: string, m: OutMessage) => (told.push(m), Promise.resolve('$dm')) } as unknown as Replies;
  const polls = new PollHandler({ core: s.deps, api, replies, log: silentLogger });
  let n = 0;
  return {
    answer: async (sender, selections) => {
      const before = told.length;
      const e: RoomEvent = { eventId: `$r${String(++n)}`, roomId: room, type: 'org.matrix.msc3381.poll.response', sender, content: { 'm.relates_to': { rel_type: 'm.reference', event_id: '$poll' }, 'm.selections': selections }, originServerTs: 0 };
      await polls.handle(e, { platform: 'matrix', externalId: sender, displayName: sender }, `req${String(n)}`);
      return told.length > before ? told.at(-1) : undefined;
    },
  };
}

describe('GIVEN a Matrix room whose assembly speaks Spanish (assembly policy language es)', () => {
  it('WHEN a poll answer is refused THEN the member is told privately in Spanish; an English assembly says it in English', async () => {
    const es = await pollRoom('es');
    const empty = await es.answer('@ana:example.org', []);
    expect(empty?.title).toBe('Tu respuesta a la encuesta no se contó');
    expect(empty?.body).toContain('Una respuesta vacía a la encuesta no retira una papeleta');
    const stranger = await es.answer('@zed:example.org', ['yes']);
    expect(stranger?.title).toBe('Tu respuesta a la encuesta no se contó');
    const en = await pollRoom('en');
    expect((await en.answer('@ana:example.org', ['maybe']))?.body).toBe("That poll answer is not one of motion #1's options, so it was not counted.");
  });

  it('THEN a room without an assembly hears the deployment default (PLENARY_DEFAULT_LANGUAGE), and an inviter the bot declines reads its reason in it', async () => {
    const unbound = await matrixRoomWords(() => null, 'es')('!elsewhere:example.org');
    expect(unbound.t('adapter.matrix.encrypted.title')).toBe('No puedo leer mensajes cifrados');
    const broken = await matrixRoomWords(() => {
      throw new Error('store down');
    }, 'es')('!x:example.org');
    expect(broken.t('adapter.internalError.title')).toBe('Something went wrong');
    expect(declineReason('es')).toMatch(/^Plenary solo acepta invitaciones/);
    expect(declineReason()).toMatch(/^Plenary accepts invitations only from people its operator allows/);
  });
});
