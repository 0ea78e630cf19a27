import { accessReason, node } from '../i18n/stored.js';
import { quoteArg } from '../messages/command-ref.js';
import { publicMessage } from '../messages/message.js';
import { defaultPolicy } from '../model/policy.js';
import type { EffectContext, MotionKindHandler } from '../services/motion-kinds.js';
import { asAssemblyId, asPersonId } from '../shared/ids.js';
import { cleanName, lookAlike } from '../shared/names.js';
import { ok, type Result } from '../shared/result.js';
import { cleanText, LIMITS } from '../shared/text.js';
import { committeeNamed, committeeOf, endCommittee, seated, unseat } from './committees.js';
import { lawToChange } from './law-book.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';
import { ENGLISH } from '../i18n/speech.js';

const DAY = 86_400_000;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `committee`: a local assembly creates a committee of its own (name, mandate, laws it carries out, seats, term). */
export const committeeKind: MotionKindHandler = {
  kind: 'committee',
  async prepare(tx, assembly, payload) {
    const name = cleanName('committee name', str(payload.name));
    if (!name.ok) return str(payload.name) === '' ? errT(name.error.code, 'committee.refused.name') : name;
    const taken = await tx.assemblyByName(name.value);
    if (taken) return errT('conflict', 'committee.refused.nameTaken', { name: taken.name, lookAlike: lookAlike(taken.name, name.value) });
    const mandate = cleanText('mandate', str(payload.mandate), LIMITS.reason, { multiline: true });
    if (!mandate.ok) return errT('bad-input', 'committee.refused.mandate');
    const laws: number[] = [];
    if (str(payload.law) !== '') {
      const law = await lawToChange(tx, assembly, payload.law, 'cite');
      if (!law.ok) return law;
      laws.push(law.value.number);
    }
    const seats = Number(payload.seats ?? 3);
    const termDays = Number(payload.termDays ?? 90);
    if (!Number.isInteger(seats) || seats < 1 || seats > 25) return errT('bad-input', 'committee.refused.seats');
    if (!Number.isInteger(termDays) || termDays < 1 || termDays > 730) return errT('bad-input', 'committee.refused.term');
    return ok({ name: name.value, mandate: mandate.value, laws, seats, termDays });
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const p = motion.payload;
    const name = str(p.name);
    if (await tx.assemblyByName(name)) {
      await tx.appendEvent(assembly.id, { type: 'committee.not-created', actorId: null, payload: { motion: motion.number, reason: `the name ${name} was taken meanwhile` } }, at);
      return;
    }
    const committee = await tx.createAssembly({ kind: 'committee', name, level: 0, parentAssemblyId: assembly.id, policy: defaultPolicy() });
    const endsAt = new Date(at.getTime() + Number(p.termDays) * DAY);
    const terms = { mandate: str(p.mandate), laws: p.laws, seats: Number(p.seats), endsAt: endsAt.toISOString(), motion: motion.number, local: assembly.name };
    await tx.appendEvent(committee.id, { type: 'committee.created', actorId: null, payload: terms }, at);
    await tx.appendEvent(assembly.id, { type: 'committee.added', actorId: null, payload: { committee: name, motion: motion.number } }, at);
    const t = roomSpeech(assembly.policy);
    afterCommit(() =>
      deps.announcer.announce(
        assembly.id,
        publicMessage(t.t('committee.created.title', { assembly: assembly.name, name }), t.t('committee.created.body', { mandate: str(p.mandate), seats: Number(p.seats), until: endsAt, assembly: assembly.name, name, quoted: quoteArg(name) }), { tone: 'success' }),
        `committee:${committee.id}`,
      ),
    );
  },
  describe: (m, t = ENGLISH) => t.t('effect.committee', { name: str(m.payload.name), seats: Number(m.payload.seats), days: Number(m.payload.termDays), laws: Array.isArray(m.payload.laws) && m.payload.laws.length > 0 ? m.payload.laws.join(', ') : 'none', mandate: str(m.payload.mandate) }),
};

/** `committee-end`: a local assembly ends one of its committees before its term. */
export const committeeEndKind: MotionKindHandler = {
  kind: 'committee-end',
  async prepare(tx, assembly, payload) {
    const c = await committeeNamed(tx, assembly, str(payload.name));
    return c.ok ? ok({ committeeId: c.value.assembly.id, name: c.value.assembly.name }) : c;
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const a = await tx.assembly(asAssemblyId(str(motion.payload.committeeId)));
    const c = a ? await committeeOf(tx, a) : null;
    if (!c || c.ended) return;
    await endCommittee(tx, c, at, `ended by ${assembly.name} (motion #${motion.number})`, node('committee.access.ended', { committee: c.assembly.name, assembly: assembly.name, number: motion.number }));
    const t = roomSpeech(assembly.policy);
    const msg = publicMessage(t.t('committee.ended.title', { assembly: assembly.name, committee: c.assembly.name }), t.t('committee.ended.byMotion', { number: motion.number }), { tone: 'info' });
    afterCommit(async () => {
      await deps.announcer.announce(assembly.id, msg, `committee-end:${motion.id}`);
      await deps.announcer.announce(c.assembly.id, msg, `committee-end:${motion.id}:c`);
    });
  },
  describe: (m, t = ENGLISH) => t.t('effect.committeeEnd', { name: str(m.payload.name) }),
};

/** An `election` whose payload names a committee (built by `committee elect`): winners take its seats at once. */
export async function electCommittee({ tx, deps, assembly, motion, result, at, afterCommit }: EffectContext): Promise<void> {
  const a = await tx.assembly(asAssemblyId(str(motion.payload.committeeId)));
  const c = a ? await committeeOf(tx, a) : null;
  if (!c || c.ended || at >= c.terms.endsAt) {
    await tx.appendEvent(assembly.id, { type: 'election.void', actorId: null, payload: { motion: motion.number, reason: 'the committee has ended' } }, at);
    return;
  }
  await tx.lockAssembly(c.assembly.id);
  const candidates = (motion.payload.candidates as string[]).map(asPersonId);
  let open = c.terms.seats - (await seated(tx, c.assembly)).length;
  const names: string[] = [];
  for (const w of result.winners) {
    const personId = candidates[w];
    if (!personId || open <= 0) continue;
    if ((await tx.membership(c.assembly.id, personId))?.status === 'active' || (await tx.membership(assembly.id, personId))?.status !== 'active') continue;
    await tx.upsertMembership({ assemblyId: c.assembly.id, personId, status: 'active', role: 'member' });
    await tx.appendEvent(c.assembly.id, { type: 'committee.seated', actorId: null, payload: { personId, motion: motion.number } }, at);
    await tx.enqueue('access.grant', `access-grant-${c.assembly.id}-${personId}-${motion.id}`, { action: 'grant', assemblyId: c.assembly.id, homeAssemblyId: assembly.id, personId, ...accessReason(node('committee.access.elected', { committee: c.assembly.name, assembly: assembly.name, number: motion.number })) });
    names.push(motion.options[w] ?? '?');
    open--;
  }
  // Candidates who were not seated keep standing, accepted, as for delegates: a by-election can open with them at once.
  for (const [i, personId] of candidates.entries()) {
    if (result.winners.includes(i) && (await tx.membership(c.assembly.id, personId))?.status === 'active') continue;
    if ((await tx.membership(assembly.id, personId))?.status !== 'active') continue;
    const again = await tx.createNomination({ homeAssemblyId: assembly.id, committeeId: c.assembly.id, personId, nominatedById: personId });
    await tx.acceptNomination(again.id, at);
  }
  await tx.appendEvent(assembly.id, { type: 'committee.elected', actorId: null, payload: { motion: motion.number, committee: c.assembly.name, elected: names } }, at);
  const t = roomSpeech(assembly.policy);
  const msg = publicMessage(t.t('committee.elected.title', { assembly: assembly.name, committee: c.assembly.name }), names.length > 0 ? t.t('committee.elected.body', { names: names.join(', ') }) : t.t('committee.elected.nobody'), { tone: 'success' });
  afterCommit(async () => {
    await deps.announcer.announce(assembly.id, msg, `committee-elected:${motion.id}`);
    await deps.announcer.announce(c.assembly.id, msg, `committee-elected:${motion.id}:c`);
  });
}

/** A `recall` naming a committee (built by `committee recall`): checks the person holds one of its seats. */
export async function prepareCommitteeRecall(tx: Parameters<MotionKindHandler['prepare']>[0], assembly: Parameters<MotionKindHandler['prepare']>[1], payload: Readonly<Record<string, unknown>>): Promise<Result<Readonly<Record<string, unknown>>>> {
  const c = await committeeNamed(tx, assembly, str(payload.committee));
  if (!c.ok) return c;
  const person = await tx.person(asPersonId(str(payload.personId)));
  if (!person || (await tx.membership(c.value.assembly.id, person.id))?.status !== 'active') return errT('not-found', 'committee.refused.noSeat', { person: person?.displayName ?? ENGLISH.t('committee.refused.thatPerson'), committee: c.value.assembly.name });
  return ok({ committeeId: c.value.assembly.id, committee: c.value.assembly.name, personId: person.id, personName: person.displayName });
}

/** A passed committee recall: the member's seat, ballots on its open motions and room access end at once. */
export async function recallFromCommittee({ tx, deps, assembly, motion, at, afterCommit }: EffectContext): Promise<void> {
  const committee = await tx.assembly(asAssemblyId(str(motion.payload.committeeId)));
  const personId = asPersonId(str(motion.payload.personId));
  if (!committee || (await tx.membership(committee.id, personId))?.status !== 'active') return;
  const voided = await unseat(tx, committee, personId, at, `recalled by ${assembly.name} (motion #${motion.number})`, node('committee.access.recalled', { assembly: assembly.name, number: motion.number }));
  await tx.appendEvent(assembly.id, { type: 'committee.recalled', actorId: null, payload: { motion: motion.number, committee: committee.name, personId } }, at);
  const t = roomSpeech(assembly.policy);
  const msg = publicMessage(t.t('committee.recalled.title', { person: str(motion.payload.personName), committee: committee.name, assembly: assembly.name }), [t.t('committee.recalled.body', { name: quoteArg(committee.name) }), voided.length > 0 ? t.t('committee.recalled.voided', { count: voided.length, motions: voided.map((n) => `#${n}`).join(', ') }) : ''].filter((l) => l !== '').join('\n'), { tone: 'info' });
  afterCommit(async () => {
    await deps.announcer.announce(assembly.id, msg, `committee-recalled:${motion.id}`);
    await deps.announcer.announce(committee.id, msg, `committee-recalled:${motion.id}:c`);
  });
}
