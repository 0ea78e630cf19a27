import { z } from 'zod';
import { quoteArg } from '../messages/command-ref.js';
import { motionAnnouncement } from '../messages/motion-messages.js';
import { personal, publicMessage } from '../messages/message.js';
import { zInt, zList, zText, zUser } from '../commands/args.js';
import { defineCommand, reply, speechOf, type CommandContext } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { describeFault } from '../services/room-health.js';
import type { RoomFaultStore } from '../ports/room-faults.port.js';
import type { RoomBinding } from '../model/entities.js';
import { personFor } from '../services/identity.service.js';
import { propose, resolveMotion } from '../services/motion.service.js';
import { ok } from '../shared/result.js';
import { errT } from '../i18n/index.js';
import { asPersonId } from '../shared/ids.js';
import { delegateRecord } from './accountability.js';
import { callElectionIn, vacancies } from './elections.js';
import { acceptNomination, homeEdge, nominate, withdrawNomination } from './nominations.js';
import { acceptCommitteeNomination, callCommitteeElection, namesCommittee, nominateToCommittee, withdrawCommitteeNomination } from '../laws/committee-nominations.js';

const other = (ctx: CommandContext, id: string) => ({ platform: ctx.actor.platform, externalId: id, displayName: id });
const fedArg = { name: 'federation', positional: true, rest: true, type: 'string', required: true, suggest: 'federation' } as const;
/** Seats are a federation's (delegates) or, in a local assembly, one of its committees' (src/core/laws/committee-nominations.ts): its help says so. */
const seatsArg = { ...fedArg, suggest: 'seats' } as const;

/** The room hears who is nominated for which seats, and whether they still must accept. */
function nominated(ctx: CommandContext, person: string, seats: string, accepted: boolean) {
  const t = speechOf(ctx, 'public');
  return publicMessage(t.t('fed.nominated.title', { person, seats }), accepted ? t.t('fed.nominated.standing') : t.t('fed.nominated.mustAccept', { person, arg: quoteArg(seats) }));
}

export const seatsCommand = defineCommand({
  path: ['seats'],
  permission: 'in-assembly-room',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    return ctx.deps.store.transaction(async (tx) => {
      const a = await assemblyOfRoom(tx, ctx.room);
      if (!a.ok) return a;
      const t = speechOf(ctx);
      const lines: string[] = [];
      for (const edge of await tx.parentEdges(a.value.id)) {
        const v = await vacancies(tx, a.value, edge);
        const f = await tx.federation(edge.federationId);
        if (!v || !f) continue;
        const holders = await Promise.all((await tx.seats({ edgeId: edge.id, status: 'active' })).map(async (s) => (await tx.person(s.personId))?.displayName ?? '?'));
        const noms = await Promise.all((await tx.openNominations(edge.id)).map(async (n) => {
          const name = (await tx.person(n.personId))?.displayName ?? '?';
          return n.acceptedAt ? name : t.t('fed.seats.notAccepted', { name });
        }));
        lines.push(t.t('fed.seats.line', { federation: f.name, parent: v.parent.name, held: v.held, seats: v.seats, holderCount: holders.length, holders: holders.join(', '), nomineeCount: noms.length, nominees: noms.join(', ') }));
      }
      return ok(reply(personal(t.t('fed.seats.title', { assembly: a.value.name }), lines.join('\n') || t.t('fed.seats.none'))));
    });
  },
});

export const nominateCommand = defineCommand({
  path: ['nominate'],
  permission: 'member',
  args: [seatsArg, { name: 'person', type: 'user' }],
  schema: z.object({ federation: zText(200), person: zUser.optional() }),
  async handler(ctx, args) {
    if (await namesCommittee(ctx.deps.store.read, args.federation)) {
      const c = await nominateToCommittee(ctx.deps, ctx.actor, ctx.room, args.federation, args.person ? other(ctx, args.person) : null);
      if (!c.ok) return c;
      return ok(reply(nominated(ctx, c.value.name, c.value.committee, c.value.accepted)));
    }
    const r = await nominate(ctx.deps, ctx.actor, ctx.room, args.federation, args.person ? other(ctx, args.person) : null);
    if (!r.ok) return r;
    return ok(reply(nominated(ctx, r.value.name, args.federation, r.value.accepted)));
  },
});

export const nominationAccept = defineCommand({
  path: ['nomination', 'accept'],
  permission: 'member',
  args: [seatsArg],
  schema: z.object({ federation: zText(200) }),
  async handler(ctx, args) {
    if (await namesCommittee(ctx.deps.store.read, args.federation)) {
      const c = await acceptCommitteeNomination(ctx.deps, ctx.actor, ctx.room, args.federation);
      if (!c.ok) return c;
      return ok(reply(publicMessage(speechOf(ctx, 'public').t('fed.nomination.accepts', { person: ctx.actor.displayName, seats: c.value.committee }))));
    }
    const r = await acceptNomination(ctx.deps, ctx.actor, ctx.room, args.federation);
    if (!r.ok) return r;
    return ok(reply(publicMessage(speechOf(ctx, 'public').t('fed.nomination.accepts', { person: ctx.actor.displayName, seats: args.federation }))));
  },
});

export const nominationWithdraw = defineCommand({
  path: ['nomination', 'withdraw'],
  permission: 'member',
  args: [seatsArg],
  schema: z.object({ federation: zText(200) }),
  async handler(ctx, args) {
    if (await namesCommittee(ctx.deps.store.read, args.federation)) {
      const c = await withdrawCommitteeNomination(ctx.deps, ctx.actor, ctx.room, args.federation);
      if (!c.ok) return c;
      return ok(reply(publicMessage(speechOf(ctx, 'public').t('fed.nomination.withdraws', { person: ctx.actor.displayName, seats: c.value.committee }))));
    }
    const r = await withdrawNomination(ctx.deps, ctx.actor, ctx.room, args.federation);
    if (!r.ok) return r;
    return ok(reply(publicMessage(speechOf(ctx, 'public').t('fed.nomination.withdraws', { person: ctx.actor.displayName, seats: args.federation }))));
  },
});

export const electionCall = defineCommand({
  path: ['election', 'call'],
  permission: 'member',
  args: [seatsArg, { name: 'hours', type: 'integer' }, { name: 'term-days', type: 'integer' }, { name: 'candidates', type: 'list' }],
  schema: z.object({ federation: zText(200), hours: zInt(1, 24 * 90).optional(), 'term-days': zInt(1, 3650).optional(), candidates: zList(100).optional() }),
  async handler(ctx, args) {
    const shortlist = args.candidates?.flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c !== '');
    const committee = await namesCommittee(ctx.deps.store.read, args.federation);
    if (committee && args['term-days'] !== undefined) return errT('bad-input', 'fed.election.termDaysCommittee', { committee: args.federation });
    const r = committee
      ? await callCommitteeElection(ctx.deps, ctx.actor, ctx.room, args.federation, { hours: args.hours, shortlist })
      : await ctx.deps.store.transaction(async (tx) => {
          const he = await homeEdge(tx, ctx.room, args.federation);
          if (!he.ok) return he;
          // Racing calls queue on the home assembly; the second finds the nominations on the first's ballot.
          await tx.lockAssembly(he.value.home.id);
          const me = await personFor(tx, ctx.actor);
          return callElectionIn(tx, ctx.deps, he.value.home, he.value.edge, me.id, { hours: args.hours, termDays: args['term-days'], shortlist });
        });
    if (!r.ok) return r;
    await ctx.deps.announcer.announce(r.value.assembly.id, motionAnnouncement(r.value.assembly, r.value.motion, r.value.effect), `motion-${r.value.motion.status}:${r.value.motion.id}`);
    return ok(reply(personal(speechOf(ctx).t('fed.election.opened', { number: r.value.motion.number }), r.value.motion.title, { tone: 'success' })));
  },
});

export const recallCommand = defineCommand({
  path: ['recall'],
  permission: 'member',
  args: [{ name: 'person', positional: true, type: 'user', required: true }, { name: 'reason', type: 'text' }, { name: 'hours', type: 'integer' }],
  schema: z.object({ person: zUser, reason: zText(1000).optional(), hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const person = await ctx.deps.store.transaction((tx) => personFor(tx, other(ctx, args.person)));
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'recall', title: speechOf(ctx, 'public').t('fed.recall.motionTitle', { person: person.displayName }), body: args.reason, hours: args.hours, payload: { personId: person.id } });
    if (!r.ok) return r;
    return ok(reply(personal(speechOf(ctx).t('fed.motionMoved', { number: r.value.number }), r.value.title, { tone: 'success' })));
  },
});

export const delegateRecordCommand = defineCommand({
  path: ['delegate', 'record'],
  permission: 'in-assembly-room',
  args: [{ name: 'person', positional: true, type: 'user', required: true }],
  schema: z.object({ person: zUser }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const person = await reads.personByAccount(ctx.actor.platform, args.person);
    if (!person) return errT('not-found', 'fed.record.neverUsed', { person: args.person });
    const seats = await reads.seats({ homeAssemblyId: a.value.id, personId: person.id });
    if (seats.length === 0) return errT('not-found', 'fed.record.neverDelegate', { person: person.displayName, assembly: a.value.name });
    const t = speechOf(ctx);
    const lines: string[] = [];
    for (const parentId of new Set(seats.map((s) => s.parentAssemblyId))) {
      const parent = await reads.assembly(parentId);
      for (const l of await delegateRecord(reads, person.id, a.value.id, parentId, undefined, t)) {
        lines.push(t.t('fed.record.line', { parent: parent?.name ?? '?', number: l.motion.number, title: l.motion.title, ballot: l.ballot, voided: l.voided ? 'yes' : 'no', mark: l.mandate ?? 'none' }));
      }
    }
    return ok(reply(personal(t.t('fed.record.title', { person: person.displayName, assembly: a.value.name }), lines.join('\n') || t.t('fed.record.empty'))));
  },
});

export const mandateCommand = defineCommand({
  path: ['mandate'],
  permission: 'member',
  args: [{ name: 'motion', positional: true, type: 'string', required: true, suggest: 'upstairs-motion' }, { name: 'vote', positional: true, type: 'choice', choices: ['yes', 'no', 'abstain'], required: true }],
  schema: z.object({ motion: z.string().max(300), vote: z.enum(['yes', 'no', 'abstain']) }),
  async handler(ctx, args) {
    const up = await resolveMotion(ctx.deps.store.read, ctx.room, args.motion);
    if (!up.ok) return up;
    const title = speechOf(ctx, 'public').t('fed.mandate.motionTitle', { vote: args.vote, assembly: up.value.assembly.name, number: up.value.motion.number, title: up.value.motion.title });
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'mandate', title, payload: { upstairsMotionId: up.value.motion.id, instruction: args.vote } });
    if (!r.ok) return r;
    const t = speechOf(ctx);
    const note = up.value.motion.secret ? `\n\n${t.t('fed.mandate.secretNote')}` : '';
    return ok(reply(personal(t.t('fed.motionMoved', { number: r.value.number }), `${r.value.title}${note}`, { tone: 'success' })));
  },
});

export const accessStatus = defineCommand({
  path: ['access', 'status'],
  permission: 'member',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const reads = ctx.deps.store.read;
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const t = speechOf(ctx);
    const failed = (await reads.outboxFailed(200)).filter((o) => o.payload.assemblyId === a.value.id || o.payload.homeAssemblyId === a.value.id);
    const lines = await Promise.all(
      failed.map(async (o) => {
        const person = (await reads.person(asPersonId(String(o.payload.personId))))?.displayName ?? '?';
        const action = o.kind === 'access.grant' ? 'grant' : o.kind === 'access.revoke' ? 'revoke' : 'remove';
        return t.t('fed.access.line', { action, person, error: o.lastError ?? t.t('fed.access.unknownError') });
      }),
    );
    const rooms = await refusingRooms(ctx.deps.store, await reads.bindingsOf(a.value.id));
    const body = [lines.join('\n') || t.t('fed.access.allDone'), rooms.length > 0 ? t.t('fed.access.refusingRooms', { rooms: rooms.join('\n') }) : ''].filter(Boolean).join('\n\n');
    return ok(reply(personal(t.t('fed.access.title', { assembly: a.value.name }), body)));
  },
});

/** One line per bound room the platform refuses the bot (services/room-health.ts). */
async function refusingRooms(store: RoomFaultStore, bindings: readonly RoomBinding[]): Promise<string[]> {
  const platforms = [...new Set(bindings.map((b) => b.platform))];
  const faults = await Promise.all(platforms.map((p) => store.roomFaults(p, bindings.filter((b) => b.platform === p).map((b) => b.roomId))));
  return faults.flat().map(describeFault);
}

export const delegateCommands = [accessStatus, seatsCommand, nominateCommand, nominationAccept, nominationWithdraw, electionCall, recallCommand, delegateRecordCommand, mandateCommand];
