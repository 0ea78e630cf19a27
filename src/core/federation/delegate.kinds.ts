import { node } from '../i18n/stored.js';
import type { Seat } from '../model/federation.js';
import { asMotionId, asPersonId } from '../shared/ids.js';
import { ok } from '../shared/result.js';
import { ENGLISH, errT } from '../i18n/index.js';
import { electionKind as plainElection } from '../services/core-kinds.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { parseChoice } from '../services/choice.js';
import { endSeat, lockParents, requestAccess, syncDelegateMembership, tellBoth, voidOpenBallots } from './delegates.js';
import { openByElection } from './elections.js';
import { motionAnnouncement } from '../messages/motion-messages.js';
import { tellRemoteParent } from './remote/seats.js';
import { electCommittee, prepareCommitteeRecall, recallFromCommittee } from '../laws/committee.kinds.js';

const DAY = 86_400_000;

/**
 * `election`: with a federation in its payload it fills this assembly's seats
 * in the parent (winners take their seats at once); without, it is the plain
 * election of the core (e.g. facilitators).
 */
export const delegateElectionKind: MotionKindHandler = {
  kind: 'election',
  prepare(tx, assembly, payload, now, deps) {
    if (typeof payload.edgeId !== 'string' && typeof payload.committeeId !== 'string') return plainElection.prepare(tx, assembly, payload, now, deps);
    // Built by `election call` from accepted nominations; nothing a member typed.
    return Promise.resolve(ok(payload));
  },
  async onPassed(ctx) {
    const { tx, deps, assembly, motion, result, at, afterCommit } = ctx;
    // A committee's seats (src/core/laws): built by `committee elect`.
    if (typeof motion.payload.committeeId === 'string') return electCommittee(ctx);
    if (typeof motion.payload.edgeId !== 'string') return plainElection.onPassed(ctx);
    const edge = await tx.edge(motion.payload.edgeId);
    const parent = edge ? await tx.assembly(edge.parentAssemblyId) : null;
    if (!edge || edge.status !== 'active' || !parent) {
      await tx.appendEvent(assembly.id, { type: 'election.void', actorId: null, payload: { motion: motion.number, reason: 'the assembly is no longer in that federation' } }, at);
      return;
    }
    const candidates = (motion.payload.candidates as string[]).map(asPersonId);
    const termDays = typeof motion.payload.termDays === 'number' ? motion.payload.termDays : null;
    const seated: string[] = [];
    for (const w of result.winners) {
      const personId = candidates[w];
      if (!personId) continue; // "Re-open nominations" won this seat: it stays vacant.
      // Seated meanwhile (another election closed first): one seat per person per edge.
      if ((await tx.seats({ edgeId: edge.id, personId, status: 'active' })).length > 0) continue;
      const seat = await tx.createSeat({ edgeId: edge.id, homeAssemblyId: assembly.id, parentAssemblyId: parent.id, personId, electedByMotionId: motion.id, startedAt: at, termEndsAt: termDays ? new Date(at.getTime() + termDays * DAY) : null });
      await syncDelegateMembership(tx, parent.id, personId, at);
      await requestAccess(tx, 'grant', seat, node('fed.access.reason.elected', { assembly: assembly.name, number: motion.number }));
      await tellRemoteParent(tx, deps, seat, 'seat', motion, at);
      seated.push(motion.options[w] ?? '?');
    }
    // Candidates who were not elected keep standing: a later by-election can open with them at once.
    for (const [i, personId] of candidates.entries()) {
      if (result.winners.includes(i)) continue;
      const again = await tx.createNomination({ homeAssemblyId: assembly.id, edgeId: edge.id, personId, nominatedById: personId });
      await tx.acceptNomination(again.id, at);
    }
    await tx.appendEvent(assembly.id, { type: 'delegates.elected', actorId: null, payload: { motion: motion.number, parent: parent.name, elected: seated } }, at);
    afterCommit(tellBoth(deps, assembly, parent, (t) => [t.t('fed.elected.title', { assembly: assembly.name, count: seated.length, parent: parent.name }), seated.length > 0 ? t.t('fed.elected.body', { count: seated.length, names: seated.join(', ') }) : t.t('fed.elected.none')], `elected:${motion.id}`));
  },
  describe: (m, t = ENGLISH) =>
    typeof m.payload.committeeId === 'string' ? t.t('fed.effect.fillsCommittee', { seats: m.seats, committee: String(m.payload.committee) }) : typeof m.payload.edgeId === 'string' ? t.t('fed.effect.fillsSeats', { seats: m.seats, parent: String(m.payload.parentName) }) : plainElection.describe(m, t),
};

/** `recall`: any member may move it; when it passes the delegate is out at once. */
export const recallKind: MotionKindHandler = {
  kind: 'recall',
  async prepare(tx, assembly, payload) {
    if (typeof payload.committee === 'string') return prepareCommitteeRecall(tx, assembly, payload);
    const personId = typeof payload.personId === 'string' ? asPersonId(payload.personId) : null;
    const person = personId ? await tx.person(personId) : null;
    if (!person) return errT('bad-input', 'fed.recall.which');
    const seats = (await tx.seats({ homeAssemblyId: assembly.id, personId: person.id, status: 'active' }));
    if (seats.length === 0) return errT('not-found', 'fed.recall.noSeat', { person: person.displayName, assembly: assembly.name });
    return ok({ personId: person.id, personName: person.displayName, seatIds: seats.map((s) => s.id) });
  },
  async onPassed(ctx) {
    if (typeof ctx.motion.payload.committeeId === 'string') return recallFromCommittee(ctx);
    const { tx, deps, assembly, motion, at, afterCommit } = ctx;
    const seats: Seat[] = [];
    for (const id of motion.payload.seatIds as string[]) {
      const seat = await tx.seat(id);
      if (seat) seats.push(seat);
    }
    // Every parent locked up front, in one order, before any seat ends: two recalls touching the same
    // parents queue instead of deadlocking, and the seats are re-read below under the locks.
    await lockParents(tx, seats);
    for (const seatId of motion.payload.seatIds as string[]) {
      const seat = await tx.seat(seatId);
      if (seat?.status !== 'active') continue;
      const parent = await tx.assembly(seat.parentAssemblyId);
      await endSeat(tx, seat, 'recalled', at, motion, node('fed.access.reason.recalled', { assembly: assembly.name, number: motion.number }));
      const voided = await voidOpenBallots(tx, seat, at);
      await tellRemoteParent(tx, deps, seat, 'recall', motion, at);
      await tx.appendEvent(assembly.id, { type: 'delegate.recalled', actorId: null, payload: { motion: motion.number, personId: seat.personId, parent: parent?.name ?? '?', voided } }, at);
      const byElection = await openByElection(tx, deps, assembly, seat.edgeId, motion.movedById, seat.personId);
      afterCommit(
        tellBoth(
          deps,
          assembly,
          parent,
          (t) => [
            t.t('fed.recalled.title', { person: String(motion.payload.personName), assembly: assembly.name }),
            [
              t.t('fed.recalled.seatEnded', { parent: parent?.name ?? '', known: parent ? 'yes' : 'no' }),
              voided.length > 0 ? t.t('fed.recalled.voided', { count: voided.length, motions: voided.map((n) => `#${n}`).join(', ') }) : '',
              byElection.line(t),
            ]
              .filter((l) => l !== '')
              .join('\n'),
          ],
          `recalled:${seat.id}`,
        ),
      );
      const opened = byElection.opened;
      if (opened) afterCommit(() => deps.announcer.announce(assembly.id, motionAnnouncement(opened.assembly, opened.motion, opened.effect), `motion-${opened.motion.status}:${opened.motion.id}`));
    }
  },
  describe: (m, t = ENGLISH) => t.t('fed.effect.recall', { person: String(m.payload.personName), fromCommittee: typeof m.payload.committee === 'string' ? 'yes' : 'no', committee: typeof m.payload.committee === 'string' ? m.payload.committee : '' }),
};

/** `mandate`: the home assembly tells its delegates how to vote on one motion upstairs. */
export const mandateKind: MotionKindHandler = {
  kind: 'mandate',
  async prepare(tx, assembly, payload) {
    const motionId = typeof payload.upstairsMotionId === 'string' ? payload.upstairsMotionId : null;
    const upstairs = motionId ? await tx.motion(asMotionId(motionId)) : null;
    if (!upstairs) return errT('not-found', 'fed.mandate.which');
    const seats = await tx.seats({ homeAssemblyId: assembly.id, parentAssemblyId: upstairs.assemblyId });
    if (seats.length === 0) return errT('bad-input', 'fed.mandate.noDelegates', { assembly: assembly.name });
    if (upstairs.method !== 'yes-no-abstain') return errT('bad-input', 'fed.mandate.yesNoOnly');
    const choice = parseChoice(upstairs, typeof payload.instruction === 'string' ? payload.instruction : '');
    if (!choice.ok) return choice;
    return ok({ upstairsMotionId: upstairs.id, upstairsNumber: upstairs.number, instruction: choice.value });
  },
  async onPassed({ tx, assembly, motion, at }) {
    const instruction = motion.payload.instruction as { kind: 'yes-no-abstain'; value: 'yes' | 'no' | 'abstain' };
    await tx.createMandate({ homeAssemblyId: assembly.id, upstairsMotionId: asMotionId(String(motion.payload.upstairsMotionId)), instruction, motionId: motion.id });
    await tx.appendEvent(assembly.id, { type: 'mandate.given', actorId: null, payload: { motion: motion.number, upstairs: Number(motion.payload.upstairsNumber), instruction: instruction.value } }, at);
  },
  describe: (m, t = ENGLISH) => t.t('fed.effect.mandate', { vote: String((m.payload.instruction as { value?: string } | undefined)?.value), number: String(m.payload.upstairsNumber) }),
};

