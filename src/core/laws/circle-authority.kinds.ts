import type { Assembly, Motion } from '../model/entities.js';
import { publicMessage } from '../messages/message.js';
import type { StoreTx } from '../ports/store.port.js';
import { federationLeaveKind } from '../federation/join-leave.kinds.js';
import type { EffectContext, MotionKindHandler } from '../services/motion-kinds.js';
import { parseMotionRef } from '../services/motion-ref.js';
import { asAssemblyId, asFederationId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';
import { mayOverrule } from '../authority/authority.js';
import { lawToChange } from './law-book.js';
import type { Law } from './model.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The circle a local assembly's motion names, if it is that assembly's own (src/core/authority), and the law it cites. */
async function circleAndLaw(tx: StoreTx, assembly: Assembly, payload: Readonly<Record<string, unknown>>): Promise<Result<{ circle: Assembly; law: Law }>> {
  const name = str(payload.circle).trim();
  if (name === '') return err('bad-input', 'Name the circle with --circle.');
  const circle = await tx.assemblyByName(name);
  if (!circle) return err('not-found', `No circle is called "${name}".`);
  const allowed = mayOverrule(assembly, circle);
  if (!allowed.ok) return allowed;
  const law = await lawToChange(tx, assembly, payload.law, 'cite');
  if (!law.ok) return err(law.error.code, str(payload.law) === '' ? `Cite the law of ${assembly.name} it conflicts with, with --law.` : law.error.message);
  return ok({ circle, law: law.value });
}

/** Re-checked when the motion passes: the circle is still ours and the law still in force. */
async function stillStands(ctx: EffectContext, what: string): Promise<{ circle: Assembly; law: Law } | null> {
  const { tx, assembly, motion, at } = ctx;
  const circle = await tx.assembly(asAssemblyId(str(motion.payload.circleId)));
  const law = await tx.laws.law(assembly.id, Number(motion.payload.law));
  const reason = !circle || !mayOverrule(assembly, circle).ok ? 'the circle is no longer one of ours' : law?.status !== 'in-force' ? `law ${String(motion.payload.law)} was repealed meanwhile` : null;
  if (reason !== null || !circle || !law) {
    await tx.appendEvent(assembly.id, { type: `${what}.not-applied`, actorId: null, payload: { motion: motion.number, reason } }, at);
    return null;
  }
  return { circle, law };
}

const why = (m: Motion): string => (m.body ? `\n\nWhy: ${m.body}` : '');

/** `annul`: a local assembly strikes a decision (a passed resolution) of one of its circles that conflicts with one of its laws. */
export const annulKind: MotionKindHandler = {
  kind: 'annul',
  async prepare(tx, assembly, payload) {
    const found = await circleAndLaw(tx, assembly, payload);
    if (!found.ok) return found;
    const { circle, law } = found.value;
    const ref = parseMotionRef(str(payload.motion));
    if (!ref.ok || ref.value.assemblyName !== null) return err('bad-input', `Name the circle's decision with --motion (its number in ${circle.name}).`);
    const target = await tx.motionByNumber(circle.id, ref.value.number);
    if (!target) return err('not-found', `${circle.name} has no motion #${ref.value.number}.`);
    if (target.status !== 'passed') return err('bad-input', `${circle.name}'s motion #${target.number} is ${target.status}: only a decision it passed can be annulled.`);
    if (target.kind !== 'resolution') return err('bad-input', `${circle.name}'s motion #${target.number} is a ${target.kind} motion; only its resolutions (routine decisions) are annulled. For its membership of a federation, move --kind require-leave.`);
    if (await tx.laws.annulmentOf(target.id)) return err('conflict', `${circle.name}'s motion #${target.number} is already annulled.`);
    return ok({ circleId: circle.id, circle: circle.name, motionId: target.id, motion: target.number, motionTitle: target.title, lawId: law.id, law: law.number });
  },
  async onPassed(ctx) {
    const { tx, deps, assembly, motion, at, afterCommit } = ctx;
    const found = await stillStands(ctx, 'annul');
    if (!found) return;
    const { circle, law } = found;
    const target = await tx.motion(motion.payload.motionId as Motion['id']);
    if (!target || target.assemblyId !== circle.id || (await tx.laws.annulmentOf(target.id))) return;
    const payload = { circle: circle.name, circleMotion: target.number, by: assembly.name, byMotion: motion.number, law: law.number };
    await tx.laws.addNote({ lawId: law.id, kind: 'annulment', text: `${circle.name}'s motion #${target.number} "${target.title}" annulled by motion #${motion.number}${motion.body ? `: ${motion.body}` : ''}`, targetMotionId: target.id, payload, at });
    await tx.appendEvent(assembly.id, { type: 'circle.decision-annulled', actorId: null, payload }, at);
    await tx.appendEvent(circle.id, { type: 'motion.annulled', actorId: null, payload: { motion: target.number, by: assembly.name, byMotion: motion.number, law: law.number } }, at);
    const msg = publicMessage(`${circle.name} · Motion #${target.number} annulled by ${assembly.name}`, `"${target.title}" conflicts with ${assembly.name}'s law ${law.number}, ${assembly.name} decided (motion #${motion.number}); it no longer stands. A circle decides its routine matters within its local assembly's laws.${why(motion)}`, { tone: 'warning' });
    afterCommit(async () => {
      await deps.announcer.announce(circle.id, msg, `annul:${motion.id}:circle`);
      await deps.announcer.announce(assembly.id, { ...msg, title: `${assembly.name} · ${circle.name}'s motion #${target.number} annulled` }, `annul:${motion.id}`);
    });
  },
  describe: (m) => `annuls ${str(m.payload.circle)}'s motion #${String(m.payload.motion)} ("${str(m.payload.motionTitle)}"): it conflicts with law ${String(m.payload.law)}`,
};

/** `require-leave`: a local assembly requires one of its circles to leave a federation whose activity conflicts with its laws. */
export const requireLeaveKind: MotionKindHandler = {
  kind: 'require-leave',
  async prepare(tx, assembly, payload) {
    const found = await circleAndLaw(tx, assembly, payload);
    if (!found.ok) return found;
    const { circle, law } = found.value;
    const federation = str(payload.federation) ? await tx.federationByName(str(payload.federation)) : null;
    if (!federation) return err('not-found', 'Name the federation the circle must leave with --federation.');
    if (!(await tx.activeEdge(federation.id, circle.id))) return err('not-found', `${circle.name} is not in ${federation.name}.`);
    return ok({ circleId: circle.id, circle: circle.name, federationId: federation.id, federationName: federation.name, lawId: law.id, law: law.number });
  },
  async onPassed(ctx) {
    const { tx, deps, assembly, motion, at, afterCommit } = ctx;
    const found = await stillStands(ctx, 'require-leave');
    if (!found) return;
    const { circle, law } = found;
    const federationId = asFederationId(str(motion.payload.federationId));
    if (!(await tx.activeEdge(federationId, circle.id))) return;
    const federation = str(motion.payload.federationName);
    // The circle leaves as by its own federation-leave: its seats, referrals and delegates' access end alike.
    await federationLeaveKind.onPassed({ ...ctx, assembly: circle, motion: { ...motion, payload: { federationId, federationName: federation } } });
    const payload = { circle: circle.name, federation, by: assembly.name, byMotion: motion.number, law: law.number };
    await tx.laws.addNote({ lawId: law.id, kind: 'require-leave', text: `${circle.name} required to leave ${federation} by motion #${motion.number}${motion.body ? `: ${motion.body}` : ''}`, targetMotionId: null, payload, at });
    await tx.appendEvent(assembly.id, { type: 'circle.required-to-leave', actorId: null, payload }, at);
    await tx.appendEvent(circle.id, { type: 'federation.required-to-leave', actorId: null, payload }, at);
    const msg = publicMessage(`${circle.name} · ${assembly.name} requires it to leave ${federation}`, `${federation}'s activity conflicts with ${assembly.name}'s law ${law.number}, ${assembly.name} decided (motion #${motion.number}); a circle federates on condition that it abides by its local assembly's laws.${why(motion)}`, { tone: 'warning' });
    afterCommit(() => deps.announcer.announce(circle.id, msg, `require-leave:${motion.id}`));
  },
  describe: (m) => `requires ${str(m.payload.circle)} to leave ${str(m.payload.federationName)}: its activity conflicts with law ${String(m.payload.law)}`,
};
