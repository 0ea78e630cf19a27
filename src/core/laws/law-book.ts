import type { Assembly } from '../model/entities.js';
import { publicMessage } from '../messages/message.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import type { EffectContext } from '../services/motion-kinds.js';
import { parseMotionRef } from '../services/motion-ref.js';
import { ok, type Result } from '../shared/result.js';
import { mayChangeLaw } from '../authority/authority.js';
import type { Law } from './model.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';

/** A law as members name it: `3`, `#3`, or `Town#3` (another assembly's, to read it). */
export async function findLaw(reads: Pick<StoreReads, 'assemblyByName' | 'laws'>, here: Assembly, raw: string): Promise<Result<{ law: Law; owner: Assembly }>> {
  const ref = parseMotionRef(raw);
  if (!ref.ok && ref.error.code === 'not-found') return errT('not-found', 'law.refused.tooLarge', { raw: raw.trim() });
  if (!ref.ok) return errT('bad-input', 'law.refused.notNumber', { raw });
  let owner: Assembly | null = here;
  if (ref.value.assemblyName !== null) {
    owner = await reads.assemblyByName(ref.value.assemblyName);
    if (!owner) return errT('not-found', 'law.refused.noAssembly', { name: ref.value.assemblyName });
  }
  if (owner.kind !== 'local') return errT('not-found', 'law.refused.noBook', { owner: owner.name, kind: owner.kind === 'circle' ? 'circle' : 'delegates' });
  const law = await reads.laws.law(owner.id, ref.value.number);
  if (!law) return errT('not-found', 'law.refused.noSuchLaw', { owner: owner.name, number: ref.value.number });
  return ok({ law, owner });
}

/**
 * A law this assembly's own motion may change: its own (never another
 * assembly's: src/core/authority), and in force (a repealed law stays in the
 * book as it was; pass a new resolution instead).
 */
export async function lawToChange(tx: StoreTx, assembly: Assembly, raw: unknown, verb: 'amend' | 'repeal' | 'cite'): Promise<Result<Law>> {
  if (typeof raw !== 'string' || raw.trim() === '') return errT('bad-input', 'law.refused.nameIt', { verb });
  const found = await findLaw(tx, assembly, raw);
  if (!found.ok) return found;
  const { law, owner } = found.value;
  if (verb !== 'cite') {
    const allowed = mayChangeLaw(assembly, owner, law.number);
    if (!allowed.ok) return allowed;
  } else if (owner.id !== assembly.id) return errT('bad-input', 'law.refused.notOwn', { number: law.number, owner: owner.name, assembly: assembly.name });
  if (law.status === 'repealed') return errT('closed', 'law.refused.repealed', { number: law.number, motion: String(law.repealedByMotion ?? '?'), verb });
  return ok(law);
}

/** A passed resolution of a local assembly becomes its next law (circles decide routine matters: no law book). */
export async function enactResolution({ tx, deps, assembly, motion, at, afterCommit }: EffectContext): Promise<void> {
  if (assembly.kind !== 'local') return;
  const law = await tx.laws.enact({ assemblyId: assembly.id, title: motion.title, text: motion.body || motion.title, motionNumber: motion.number, source: null, at });
  const head = await tx.appendEvent(assembly.id, { type: 'law.enacted', actorId: null, payload: { law: law.number, motion: motion.number, title: motion.title } }, at);
  // It carries the head at its own event, as a result does: the rooms witness the law book's entry.
  const chainHead = { assembly: assembly.name, seq: head.seq, hash: head.hash };
  const t = roomSpeech(assembly.policy);
  afterCommit(() => deps.announcer.announce(assembly.id, publicMessage(t.t('law.enacted.title', { assembly: assembly.name, number: law.number, title: motion.title }), t.t('law.enacted.body', { motion: motion.number, number: law.number }), { tone: 'success', chainHead }), `law:${law.id}:1`));
}
