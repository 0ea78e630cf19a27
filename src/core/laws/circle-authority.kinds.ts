import type { Assembly, Motion } from '../model/entities.js';
import { publicMessage } from '../messages/message.js';
import type { StoreTx } from '../ports/store.port.js';
import { federationLeaveKind } from '../federation/join-leave.kinds.js';
import type { EffectContext, MotionKindHandler } from '../services/motion-kinds.js';
import { parseMotionRef } from '../services/motion-ref.js';
import { asAssemblyId, asFederationId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { mayOverrule } from '../authority/authority.js';
import { lawToChange } from './law-book.js';
import type { Law } from './model.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';
import type { Speech } from '../i18n/speech.js';
import { ENGLISH } from '../i18n/speech.js';
import { englishOf, node } from '../i18n/stored.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The circle a local assembly's motion names, if it is that assembly's own (src/core/authority), and the law it cites. */
async function circleAndLaw(tx: StoreTx, assembly: Assembly, payload: Readonly<Record<string, unknown>>): Promise<Result<{ circle: Assembly; law: Law }>> {
  const name = str(payload.circle).trim();
  if (name === '') return errT('bad-input', 'circle.refused.nameIt');
  const circle = await tx.assemblyByName(name);
  if (!circle) return errT('not-found', 'circle.refused.noSuch', { name });
  const allowed = mayOverrule(assembly, circle);
  if (!allowed.ok) return allowed;
  const law = await lawToChange(tx, assembly, payload.law, 'cite');
  if (!law.ok) return str(payload.law) === '' ? errT(law.error.code, 'circle.refused.citeLaw', { assembly: assembly.name }) : law;
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

const why = (t: Speech, m: Motion): string => (m.body ? t.t('circle.why', { why: m.body }) : '');

/** `annul`: a local assembly strikes a decision (a passed resolution) of one of its circles that conflicts with one of its laws. */
export const annulKind: MotionKindHandler = {
  kind: 'annul',
  async prepare(tx, assembly, payload) {
    const found = await circleAndLaw(tx, assembly, payload);
    if (!found.ok) return found;
    const { circle, law } = found.value;
    const ref = parseMotionRef(str(payload.motion));
    if (!ref.ok || ref.value.assemblyName !== null) return errT('bad-input', 'circle.refused.nameMotion', { circle: circle.name });
    const target = await tx.motionByNumber(circle.id, ref.value.number);
    if (!target) return errT('not-found', 'circle.refused.noMotion', { circle: circle.name, number: ref.value.number });
    if (target.status !== 'passed') return errT('bad-input', 'circle.refused.notPassed', { circle: circle.name, number: target.number, status: target.status });
    if (target.kind !== 'resolution') return errT('bad-input', 'circle.refused.notResolution', { circle: circle.name, number: target.number, kind: target.kind });
    if (await tx.laws.annulmentOf(target.id)) return errT('conflict', 'circle.refused.alreadyAnnulled', { circle: circle.name, number: target.number });
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
    const note = node('law.note.annulment', { circle: circle.name, number: target.number, title: target.title, motion: motion.number, hasWhy: motion.body ? 'yes' : 'no', why: motion.body });
    await tx.laws.addNote({ lawId: law.id, kind: 'annulment', text: englishOf(note), targetMotionId: target.id, payload: { ...payload, message: note }, at });
    await tx.appendEvent(assembly.id, { type: 'circle.decision-annulled', actorId: null, payload }, at);
    await tx.appendEvent(circle.id, { type: 'motion.annulled', actorId: null, payload: { motion: target.number, by: assembly.name, byMotion: motion.number, law: law.number } }, at);
    // Each hears it in its own language: the circle in its rooms, the local assembly in its own.
    const worded = (t: Speech) => publicMessage(t.t('circle.annulled.title', { circle: circle.name, number: target.number, assembly: assembly.name }), t.t('circle.annulled.body', { title: target.title, assembly: assembly.name, law: law.number, motion: motion.number, why: why(t, motion) }), { tone: 'warning' });
    const here = roomSpeech(assembly.policy);
    afterCommit(async () => {
      await deps.announcer.announce(circle.id, worded(roomSpeech(circle.policy)), `annul:${motion.id}:circle`);
      await deps.announcer.announce(assembly.id, { ...worded(here), title: here.t('circle.annulled.titleHere', { assembly: assembly.name, circle: circle.name, number: target.number }) }, `annul:${motion.id}`);
    });
  },
  describe: (m, t = ENGLISH) => t.t('effect.annul', { circle: str(m.payload.circle), motion: String(m.payload.motion), title: str(m.payload.motionTitle), law: String(m.payload.law) }),
};

/** `require-leave`: a local assembly requires one of its circles to leave a federation whose activity conflicts with its laws. */
export const requireLeaveKind: MotionKindHandler = {
  kind: 'require-leave',
  async prepare(tx, assembly, payload) {
    const found = await circleAndLaw(tx, assembly, payload);
    if (!found.ok) return found;
    const { circle, law } = found.value;
    const federation = str(payload.federation) ? await tx.federationByName(str(payload.federation)) : null;
    if (!federation) return errT('not-found', 'circle.refused.nameFederation');
    if (!(await tx.activeEdge(federation.id, circle.id))) return errT('not-found', 'circle.refused.notInFederation', { circle: circle.name, federation: federation.name });
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
    const note = node('law.note.requireLeave', { circle: circle.name, federation, motion: motion.number, hasWhy: motion.body ? 'yes' : 'no', why: motion.body });
    await tx.laws.addNote({ lawId: law.id, kind: 'require-leave', text: englishOf(note), targetMotionId: null, payload: { ...payload, message: note }, at });
    await tx.appendEvent(assembly.id, { type: 'circle.required-to-leave', actorId: null, payload }, at);
    await tx.appendEvent(circle.id, { type: 'federation.required-to-leave', actorId: null, payload }, at);
    const t = roomSpeech(circle.policy);
    const msg = publicMessage(t.t('circle.leave.title', { circle: circle.name, assembly: assembly.name, federation }), t.t('circle.leave.body', { federation, assembly: assembly.name, law: law.number, motion: motion.number, why: why(t, motion) }), { tone: 'warning' });
    afterCommit(() => deps.announcer.announce(circle.id, msg, `require-leave:${motion.id}`));
  },
  describe: (m, t = ENGLISH) => t.t('effect.requireLeave', { circle: str(m.payload.circle), federation: str(m.payload.federationName), law: String(m.payload.law) }),
};
