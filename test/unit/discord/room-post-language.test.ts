import type { REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DiscordRoomSender } from '../../../src/adapters/discord/room-sender.js';
import { roomSpeech, speechFor } from '../../../src/core/i18n/index.js';
import { motionAnnouncement } from '../../../src/core/messages/motion-messages.js';
import type { Assembly, Motion } from '../../../src/core/model/entities.js';
import { FakeMessageLog } from '../../../src/core/ports/message-log.port.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

interface Posted {
  readonly body: { readonly components?: readonly { readonly components: readonly { readonly label?: string; readonly placeholder?: string }[] }[] };
}

/** A REST double that records message posts and answers with an id. */
function recordingRest(posted: Posted[]): REST {
  return {
    post: (_route: string, o: Posted) => {
      posted.push(o);
      return Promise.resolve({ id: String(posted.length) });
    },
    get: () => Promise.resolve({ id: 'bot' }),
  } as unknown as REST;
}

async function openMotion(language: string): Promise<{ assembly: Assembly; motion: Motion }> {
  const s = new Scenario();
  const r = await s.run('ana', '#room', 'assembly setup "Plaza"');
  if (!r.ok) throw new Error(r.text);
  await s.run('ana', '#room', `assembly policy language ${language}`);
  await s.run('ana', '#room', 'motion propose "Paint the benches"');
  const assembly = (await s.deps.store.read.assemblyByName('Plaza'))!;
  const motion = (await s.deps.store.read.motionByNumber(assembly.id, (await s.deps.store.read.motions(assembly.id)).at(-1)!.number))!;
  return { assembly, motion };
}

describe('a Discord room post of an assembly that speaks Spanish', () => {
  it('GIVEN an open motion announced in a Spanish assembly THEN its buttons are worded in Spanish too, and an English assembly keeps English ones', async () => {
    const labels: Record<string, string[]> = {};
    for (const language of ['es', 'en']) {
      const { assembly, motion } = await openMotion(language);
      const posted: Posted[] = [];
      const sender = new DiscordRoomSender({ rest: recordingRest(posted), messages: new FakeMessageLog(), log: silentLogger });
      await sender.send({ platform: 'discord', roomId: '123' }, motionAnnouncement(assembly, motion, undefined, roomSpeech(assembly.policy)), `k-${language}`);
      labels[language] = posted.flatMap((p) => p.body.components ?? []).flatMap((row) => row.components.map((c) => c.label ?? c.placeholder ?? ''));
    }
    expect(labels.en).toEqual(expect.arrayContaining(['Yes', 'No']));
    expect(labels.es).not.toEqual(labels.en);
    const es = speechFor('es');
    expect(labels.es).toEqual(expect.arrayContaining([es.t('adapter.discord.button.choice', { choice: 'yes' }), es.t('adapter.discord.button.myBallot')]));
  });
});
