import { publicMessage } from '../messages/message.js';
import { asAssemblyId } from '../shared/ids.js';
import type { EffectContext } from './motion-kinds.js';
import { roomSpeech } from '../i18n/audience.js';

/**
 * What an assembly of delegates may do about a disruptive delegate
 * (docs/SOVEREIGNTY.md): pass a request that the sending assembly recall
 * them. The request changes nothing there: the seat, the vote upstairs and
 * the decision stay with the sending assembly, which hears the request with
 * the tally and the reasons, and may move `recall` itself.
 */
export async function askToRecall({ tx, deps, assembly, motion, result, at, afterCommit }: EffectContext): Promise<void> {
  const homeId = asAssemblyId(String(motion.payload.homeAssemblyId));
  const home = await tx.assembly(homeId);
  const who = String(motion.payload.personName);
  await tx.appendEvent(assembly.id, { type: 'delegate.recall-requested', actorId: null, payload: { motion: motion.number, personId: String(motion.payload.personId), home: home?.name ?? '?' } }, at);
  if (!home) return;
  // The home assembly hears it in its language, the assembly of delegates in its own.
  const there = roomSpeech(home.policy);
  const here = roomSpeech(assembly.policy);
  const body = [
    there.t('recall.request.asked', { assembly: assembly.name, number: motion.number, home: home.name, who, summary: result.summary }),
    motion.body ? there.t('recall.request.reasons', { reasons: motion.body }) : '',
    there.t('recall.request.nothingChanged', { who, home: home.name }),
  ].filter((l) => l !== '').join('\n\n');
  afterCommit(() => deps.announcer.announce(home.id, publicMessage(there.t('recall.request.title', { home: home.name, assembly: assembly.name, who }), body, { tone: 'warning' }), `recall-request:${motion.id}`));
  afterCommit(() => deps.announcer.announce(assembly.id, publicMessage(here.t('recall.request.sent.title', { assembly: assembly.name, home: home.name }), here.t('recall.request.sent.body', { home: home.name, who }), { tone: 'info' }), `recall-request:${motion.id}:sent`));
}
