import { publicMessage } from '../messages/message.js';
import { asAssemblyId } from '../shared/ids.js';
import type { EffectContext } from './motion-kinds.js';

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
  const body = [
    `${assembly.name} passed motion #${motion.number} asking ${home.name} to recall its delegate ${who} (${result.summary}).`,
    motion.body ? `Their reasons: ${motion.body}` : '',
    `Nothing has changed: ${who} keeps the seat and the vote until ${home.name} decides. Only ${home.name} can recall its delegate; any member here may move \`recall ${who}\`.`,
  ].filter((l) => l !== '').join('\n\n');
  afterCommit(() => deps.announcer.announce(home.id, publicMessage(`${home.name} · ${assembly.name} asks you to recall ${who}`, body, { tone: 'warning' }), `recall-request:${motion.id}`));
  afterCommit(() => deps.announcer.announce(assembly.id, publicMessage(`${assembly.name} · request sent to ${home.name}`, `${home.name} decides whether to recall ${who}; until then ${who} keeps the seat and the vote here.`, { tone: 'info' }), `recall-request:${motion.id}:sent`));
}
