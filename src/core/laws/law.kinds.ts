import { publicMessage } from '../messages/message.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { ok } from '../shared/result.js';
import { cleanText, LIMITS } from '../shared/text.js';
import { lawToChange } from './law-book.js';
import { currentVersion } from './model.js';
import { withdrawAcceptance } from './withdraw.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';
import { ENGLISH } from '../i18n/speech.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `amend-law`: a new text of one of the assembly's own laws in force (the motion's --body). */
export const amendLawKind: MotionKindHandler = {
  kind: 'amend-law',
  async prepare(tx, assembly, payload) {
    const law = await lawToChange(tx, assembly, payload.law, 'amend');
    if (!law.ok) return law;
    const text = cleanText('text', str(payload.text), LIMITS.body, { multiline: true });
    if (!text.ok) return errT('bad-input', 'law.refused.noText', { number: law.value.number });
    if (text.value === currentVersion(law.value).text) return errT('bad-input', 'law.refused.sameText', { number: law.value.number });
    return ok({ lawId: law.value.id, law: law.value.number, text: text.value, fromVersion: law.value.versions.length });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const p = motion.payload;
    const law = await tx.laws.law(assembly.id, Number(p.law));
    // Checked when moved; a repeal or another amendment may have passed while this vote ran, which the record shows.
    if (!law || law.id !== p.lawId || law.status !== 'in-force' || law.versions.length !== p.fromVersion) {
      await tx.appendEvent(assembly.id, { type: 'law.not-amended', actorId: null, payload: { motion: motion.number, law: Number(p.law), reason: law?.status === 'repealed' ? 'the law was repealed meanwhile' : 'the law was amended meanwhile' } }, at);
      return;
    }
    const version = law.versions.length + 1;
    await tx.laws.addVersion(law.id, { version, title: currentVersion(law).title, text: str(p.text), motionNumber: motion.number, at: at.toISOString() });
    await tx.appendEvent(assembly.id, { type: 'law.amended', actorId: null, payload: { law: law.number, version, motion: motion.number } }, at);
    const t = roomSpeech(assembly.policy);
    afterCommit(() => deps.announcer.announce(assembly.id, publicMessage(t.t('law.amended.title', { assembly: assembly.name, number: law.number, version }), t.t('law.amended.body', { motion: motion.number, number: law.number }), { tone: 'success' }), `law:${law.id}:${version}`));
  },
  describe: (m, t = ENGLISH) => t.t('effect.amendLaw', { law: String(m.payload.law) }),
};

/** `repeal-law`: ends one of the assembly's own laws; one taken in from a federation withdraws the acceptance there. */
export const repealLawKind: MotionKindHandler = {
  kind: 'repeal-law',
  async prepare(tx, assembly, payload) {
    const law = await lawToChange(tx, assembly, payload.law, 'repeal');
    if (!law.ok) return law;
    return ok({ lawId: law.value.id, law: law.value.number, ...(law.value.source ? { proposal: law.value.source.proposalRef, federation: law.value.source.federationName } : {}) });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const law = await tx.laws.law(assembly.id, Number(motion.payload.law));
    if (!law || law.id !== motion.payload.lawId || law.status !== 'in-force') {
      await tx.appendEvent(assembly.id, { type: 'law.not-repealed', actorId: null, payload: { motion: motion.number, law: Number(motion.payload.law), reason: 'the law was repealed meanwhile' } }, at);
      return;
    }
    await tx.laws.repeal(law.id, motion.number, at);
    await tx.appendEvent(assembly.id, { type: 'law.repealed', actorId: null, payload: { law: law.number, motion: motion.number } }, at);
    const t = roomSpeech(assembly.policy);
    const upstairs = await withdrawAcceptance(tx, deps, assembly, law, motion.number, t);
    afterCommit(() => deps.announcer.announce(assembly.id, publicMessage(t.t('law.repealed.title', { assembly: assembly.name, number: law.number }), t.t('law.repealed.body', { motion: motion.number, title: currentVersion(law).title, upstairs }), { tone: 'info' }), `law:${law.id}:repealed`));
  },
  describe: (m, t = ENGLISH) => t.t('effect.repealLaw', { law: String(m.payload.law), proposal: typeof m.payload.proposal === 'string' ? m.payload.proposal : 'none', federation: String(m.payload.federation) }),
};
