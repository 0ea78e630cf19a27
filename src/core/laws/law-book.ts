import type { Assembly } from '../model/entities.js';
import { publicMessage } from '../messages/message.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import type { EffectContext } from '../services/motion-kinds.js';
import { parseMotionRef } from '../services/motion-ref.js';
import { err, ok, type Result } from '../shared/result.js';
import { mayChangeLaw } from '../authority/authority.js';
import type { Law } from './model.js';

/** A law as members name it: `3`, `#3`, or `Town#3` (another assembly's, to read it). */
export async function findLaw(reads: Pick<StoreReads, 'assemblyByName' | 'laws'>, here: Assembly, raw: string): Promise<Result<{ law: Law; owner: Assembly }>> {
  const ref = parseMotionRef(raw);
  if (!ref.ok && ref.error.code === 'not-found') return err('not-found', `There is no law ${raw.trim()}: numbers that large name no law.`);
  if (!ref.ok) return err('bad-input', `"${raw}" is not a law number; write it like 3 (or Town#3 for another assembly's).`);
  let owner: Assembly | null = here;
  if (ref.value.assemblyName !== null) {
    owner = await reads.assemblyByName(ref.value.assemblyName);
    if (!owner) return err('not-found', `No assembly is called "${ref.value.assemblyName}".`);
  }
  if (owner.kind !== 'local') return err('not-found', `${owner.name} is ${owner.kind === 'circle' ? 'a circle' : 'an assembly of delegates'} and keeps no law book: only a local assembly makes laws.`);
  const law = await reads.laws.law(owner.id, ref.value.number);
  if (!law) return err('not-found', `${owner.name} has no law ${ref.value.number} (\`law list --all\` shows them).`);
  return ok({ law, owner });
}

/**
 * A law this assembly's own motion may change: its own (never another
 * assembly's: src/core/authority), and in force (a repealed law stays in the
 * book as it was; pass a new resolution instead).
 */
export async function lawToChange(tx: StoreTx, assembly: Assembly, raw: unknown, verb: 'amend' | 'repeal' | 'cite'): Promise<Result<Law>> {
  if (typeof raw !== 'string' || raw.trim() === '') return err('bad-input', `Name the law to ${verb} with --law (its number: \`law list\`).`);
  const found = await findLaw(tx, assembly, raw);
  if (!found.ok) return found;
  const { law, owner } = found.value;
  if (verb !== 'cite') {
    const allowed = mayChangeLaw(assembly, owner, law.number);
    if (!allowed.ok) return allowed;
  } else if (owner.id !== assembly.id) return err('bad-input', `Law ${law.number} is ${owner.name}'s; ${assembly.name} can only cite its own laws.`);
  if (law.status === 'repealed') return err('closed', `Law ${law.number} was repealed (motion #${law.repealedByMotion ?? '?'}); a repealed law is not ${verb === 'cite' ? 'cited' : `${verb}ed`}. Pass a new resolution instead.`);
  return ok(law);
}

/** A passed resolution of a local assembly becomes its next law (circles decide routine matters: no law book). */
export async function enactResolution({ tx, deps, assembly, motion, at, afterCommit }: EffectContext): Promise<void> {
  if (assembly.kind !== 'local') return;
  const law = await tx.laws.enact({ assemblyId: assembly.id, title: motion.title, text: motion.body || motion.title, motionNumber: motion.number, source: null, at });
  const head = await tx.appendEvent(assembly.id, { type: 'law.enacted', actorId: null, payload: { law: law.number, motion: motion.number, title: motion.title } }, at);
  // It carries the head at its own event, as a result does: the rooms witness the law book's entry.
  const chainHead = { assembly: assembly.name, seq: head.seq, hash: head.hash };
  afterCommit(() => deps.announcer.announce(assembly.id, publicMessage(`${assembly.name} · Law ${law.number} is in force: ${motion.title}`, `Passed by motion #${motion.number}. \`law show ${law.number}\` shows it.`, { tone: 'success', chainHead }), `law:${law.id}:1`));
}
