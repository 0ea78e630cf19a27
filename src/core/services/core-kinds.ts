import { accessReason, node } from '../i18n/stored.js';
import { asPersonId } from '../shared/ids.js';
import { ok } from '../shared/result.js';
import { takeElectorateRole } from './electorate.service.js';
import { applyPolicyChange, POLICY_KEYS, type PolicyKey } from './assembly.service.js';
import { voidAfterExclusion } from './departure.js';
import { setStatusByMotion } from './membership.service.js';
import type { MotionKindHandler } from './motion-kinds.js';
import { mayChangeMembership } from '../authority/authority.js';
import { askToRecall } from './recall-request.js';
import { enactResolution } from '../laws/law-book.js';
import { errT } from '../i18n/localized.js';
import { ENGLISH, type Speech } from '../i18n/speech.js';

const personPayload = (verb: string): MotionKindHandler['prepare'] =>
  async (tx, assembly, payload) => {
    const id = typeof payload.personId === 'string' ? asPersonId(payload.personId) : null;
    const person = id ? await tx.person(id) : null;
    if (!person) return errT('bad-input', 'member.refused.namePerson', { verb: verb === 'admit' || verb === 'exclude' ? verb : 'other' });
    const m = await tx.membership(assembly.id, person.id);
    if (verb === 'exclude' && m?.status !== 'active' && m?.status !== 'pending') return errT('not-member', 'member.refused.nobodyToExclude', { person: person.displayName });
    if (verb === 'admit' && m?.status === 'active') return errT('conflict', 'member.refused.already', { person: person.displayName });
    const seat = verb === 'exclude' && assembly.kind === 'delegates' ? (await tx.seats({ parentAssemblyId: assembly.id, personId: person.id, status: 'active' }))[0] : undefined;
    // Upstairs, an exclusion of a seated delegate is a request to the assembly that sent them (docs/SOVEREIGNTY.md).
    if (seat) return ok({ personId: person.id, personName: person.displayName, recallRequest: true, homeAssemblyId: seat.homeAssemblyId, homeName: (await tx.assembly(seat.homeAssemblyId))?.name ?? '?' });
    const allowed = await mayChangeMembership(tx, assembly, person.id, verb === 'admit' ? 'admit' : 'exclude');
    if (!allowed.ok) return allowed;
    return ok({ personId: person.id, personName: person.displayName });
  };

const name = (motion: { payload: Readonly<Record<string, unknown>> }, t: Speech): string => (typeof motion.payload.personName === 'string' ? motion.payload.personName : t.t('effect.aPerson'));

export const resolutionKind: MotionKindHandler = {
  kind: 'resolution',
  prepare: (_tx, _a, _p) => Promise.resolve(ok({})),
  // In a local assembly it becomes a law (src/core/laws); a circle's is a routine decision.
  onPassed: enactResolution,
  describe: (_m, t = ENGLISH) => t.t('effect.resolution'),
};

/** A plain election among named options (e.g. facilitators); delegate elections come with federations. */
export const electionKind: MotionKindHandler = {
  kind: 'election',
  prepare: (_tx, _a, _p) => Promise.resolve(ok({})),
  onPassed: () => Promise.resolve(),
  describe: (m, t = ENGLISH) => t.t('effect.election', { seats: m.seats, candidates: m.options.length }),
};

export const admissionKind: MotionKindHandler = {
  kind: 'admission',
  prepare: personPayload('admit'),
  async onPassed({ tx, assembly, motion, at }) {
    const person = await tx.person(asPersonId(String(motion.payload.personId)));
    if (person) await setStatusByMotion(tx, assembly, person, 'active', motion.number, at);
  },
  describe: (m, t = ENGLISH) => t.t('effect.admission', { person: name(m, t) }),
};

export const exclusionKind: MotionKindHandler = {
  kind: 'exclusion',
  prepare: personPayload('exclude'),
  async onPassed(ctx) {
    const { tx, deps, assembly, motion, at, afterCommit } = ctx;
    if (motion.payload.recallRequest === true) return askToRecall(ctx);
    const person = await tx.person(asPersonId(String(motion.payload.personId)));
    if (!person) return;
    if (!(await setStatusByMotion(tx, assembly, person, 'excluded', motion.number, at))) return;
    // Their ballots on other open motions stop counting (in a transaction of its own: departure.ts says why).
    afterCommit(() => voidAfterExclusion(deps, assembly.id, person.id));
    // Where the assembly wants it, the platforms remove the person from its rooms (through the queue, with retries).
    if (assembly.policy.removeExcludedFromRooms) {
      await tx.enqueue('access.remove', `access-remove-${motion.id}`, { action: 'remove', assemblyId: assembly.id, homeAssemblyId: assembly.id, personId: person.id, ...accessReason(node('member.access.excluded', { assembly: assembly.name, number: motion.number })) });
      // Membership by role: the role goes too, or the person would hold what says "member" without being one.
      if (assembly.policy.electorateRole) afterCommit(() => takeElectorateRole(deps, assembly, person.id, `Excluded by ${assembly.name} (motion #${motion.number})`));
    }
  },
  describe: (m, t = ENGLISH) => (m.payload.recallRequest === true ? t.t('effect.recallRequest', { home: String(m.payload.homeName), person: name(m, t) }) : t.t('effect.exclusion', { person: name(m, t) })),
};

export const policyKind: MotionKindHandler = {
  kind: 'policy',
  prepare(_tx, assembly, payload) {
    const key = payload.key;
    if (typeof key !== 'string' || !(POLICY_KEYS as readonly string[]).includes(key)) {
      return Promise.resolve(errT('bad-input', 'policy.refused.key', { keys: POLICY_KEYS.join(', ') }));
    }
    const value = typeof payload.value === 'string' ? payload.value : '';
    const kind = typeof payload.forKind === 'string' ? payload.forKind : undefined;
    const applied = applyPolicyChange(assembly.policy, key as PolicyKey, value, kind);
    if (!applied.ok) return Promise.resolve(applied);
    return Promise.resolve(ok({ key, value, ...(kind ? { forKind: kind } : {}) }));
  },
  async onPassed({ tx, deps, assembly, motion, at, afterCommit }) {
    const p = motion.payload;
    const applied = applyPolicyChange(assembly.policy, p.key as PolicyKey, String(p.value), typeof p.forKind === 'string' ? p.forKind : undefined);
    // Validated when moved; another policy motion may since have made it moot, which the record shows.
    if (!applied.ok) {
      await tx.appendEvent(assembly.id, { type: 'policy.not-applied', actorId: null, payload: { motion: motion.number, reason: applied.error.message } }, at);
      return;
    }
    await tx.updatePolicy(assembly.id, applied.value);
    await tx.appendEvent(assembly.id, { type: 'policy.changed', actorId: null, payload: { motion: motion.number, key: String(p.key), value: String(p.value) } }, at);
    // This process's read cache forgets the old settings; other processes hear it from the store.
    afterCommit(() => Promise.resolve(deps.cache.clear()));
  },
  describe: (m, t = ENGLISH) => t.t('effect.policy', { key: String(m.payload.key), kind: typeof m.payload.forKind === 'string' ? m.payload.forKind : 'none', value: String(m.payload.value) }),
};

export const coreMotionKinds = (): MotionKindHandler[] => [resolutionKind, electionKind, admissionKind, exclusionKind, policyKind];
