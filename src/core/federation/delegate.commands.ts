import { z } from 'zod';
import { quoteArg } from '../messages/command-ref.js';
import { motionAnnouncement } from '../messages/motion-messages.js';
import { personal, publicMessage } from '../messages/message.js';
import { zInt, zList, zText, zUser } from '../commands/args.js';
import { defineCommand, reply, type CommandContext } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { describeFault } from '../services/room-health.js';
import type { RoomFaultStore } from '../ports/room-faults.port.js';
import type { RoomBinding } from '../model/entities.js';
import { personFor } from '../services/identity.service.js';
import { propose, resolveMotion } from '../services/motion.service.js';
import { err, ok } from '../shared/result.js';
import { asPersonId } from '../shared/ids.js';
import { delegateRecord } from './accountability.js';
import { callElectionIn, vacancies } from './elections.js';
import { acceptNomination, homeEdge, nominate, withdrawNomination } from './nominations.js';
import { acceptCommitteeNomination, callCommitteeElection, namesCommittee, nominateToCommittee, withdrawCommitteeNomination } from '../laws/committee-nominations.js';

const other = (ctx: CommandContext, id: string) => ({ platform: ctx.actor.platform, externalId: id, displayName: id });
const fedArg = { name: 'federation', positional: true, rest: true, type: 'string', required: true, suggest: 'federation' } as const;
/** Seats are a federation's (delegates) or, in a local assembly, one of its committees' (src/core/laws/committee-nominations.ts): its help says so. */
const seatsArg = { ...fedArg, suggest: 'seats' } as const;

export const seatsCommand = defineCommand({
  path: ['seats'],
  permission: 'in-assembly-room',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    return ctx.deps.store.transaction(async (tx) => {
      const a = await assemblyOfRoom(tx, ctx.room);
      if (!a.ok) return a;
      const lines: string[] = [];
      for (const edge of await tx.parentEdges(a.value.id)) {
        const v = await vacancies(tx, a.value, edge);
        const f = await tx.federation(edge.federationId);
        if (!v || !f) continue;
        const holders = await Promise.all((await tx.seats({ edgeId: edge.id, status: 'active' })).map(async (s) => (await tx.person(s.personId))?.displayName ?? '?'));
        const noms = await Promise.all((await tx.openNominations(edge.id)).map(async (n) => `${(await tx.person(n.personId))?.displayName ?? '?'}${n.acceptedAt ? '' : ' (not yet accepted)'}`));
        lines.push(`• ${f.name} → ${v.parent.name}: ${v.held}/${v.seats} seat(s)${holders.length ? ` held by ${holders.join(', ')}` : ''}${noms.length ? `; nominated: ${noms.join(', ')}` : ''}`);
      }
      return ok(reply(personal(`${a.value.name}: delegate seats`, lines.join('\n') || 'This assembly is in no federation yet.')));
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
      return ok(reply(publicMessage(`${c.value.name} is nominated for ${c.value.committee}`, c.value.accepted ? 'Standing.' : `${c.value.name} must accept: \`nomination accept ${quoteArg(c.value.committee)}\``)));
    }
    const r = await nominate(ctx.deps, ctx.actor, ctx.room, args.federation, args.person ? other(ctx, args.person) : null);
    if (!r.ok) return r;
    return ok(reply(publicMessage(`${r.value.name} is nominated for ${args.federation}`, r.value.accepted ? 'Standing.' : `${r.value.name} must accept: \`nomination accept ${quoteArg(args.federation)}\``)));
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
      return ok(reply(publicMessage(`${ctx.actor.displayName} accepts the nomination for ${c.value.committee}`)));
    }
    const r = await acceptNomination(ctx.deps, ctx.actor, ctx.room, args.federation);
    if (!r.ok) return r;
    return ok(reply(publicMessage(`${ctx.actor.displayName} accepts the nomination for ${args.federation}`)));
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
      return ok(reply(publicMessage(`${ctx.actor.displayName} withdraws from the nominations for ${c.value.committee}`)));
    }
    const r = await withdrawNomination(ctx.deps, ctx.actor, ctx.room, args.federation);
    if (!r.ok) return r;
    return ok(reply(publicMessage(`${ctx.actor.displayName} withdraws from the nominations for ${args.federation}`)));
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
    if (committee && args['term-days'] !== undefined) return err('bad-input', `A seat on ${args.federation} lasts the committee's term; --term-days is for delegates.`);
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
    return ok(reply(personal(`Election opened: motion #${r.value.motion.number}`, r.value.motion.title, { tone: 'success' })));
  },
});

export const recallCommand = defineCommand({
  path: ['recall'],
  permission: 'member',
  args: [{ name: 'person', positional: true, type: 'user', required: true }, { name: 'reason', type: 'text' }, { name: 'hours', type: 'integer' }],
  schema: z.object({ person: zUser, reason: zText(1000).optional(), hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const person = await ctx.deps.store.transaction((tx) => personFor(tx, other(ctx, args.person)));
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'recall', title: `Recall ${person.displayName}`, body: args.reason, hours: args.hours, payload: { personId: person.id } });
    if (!r.ok) return r;
    return ok(reply(personal(`Motion #${r.value.number} moved`, r.value.title, { tone: 'success' })));
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
    if (!person) return err('not-found', `${args.person} has never used Plenary.`);
    const seats = await reads.seats({ homeAssemblyId: a.value.id, personId: person.id });
    if (seats.length === 0) return err('not-found', `${person.displayName} has never been a delegate of ${a.value.name}.`);
    const lines: string[] = [];
    for (const parentId of new Set(seats.map((s) => s.parentAssemblyId))) {
      const parent = await reads.assembly(parentId);
      for (const l of await delegateRecord(reads, person.id, a.value.id, parentId)) {
        lines.push(`• ${parent?.name ?? '?'} #${l.motion.number} ${l.motion.title}: ${l.ballot}${l.voided ? ' (void: recalled)' : ''}${l.mandate ? ` — ${l.mandate === 'followed' ? 'followed the mandate' : 'BROKE the mandate'}` : ''}`);
      }
    }
    return ok(reply(personal(`${person.displayName}: record as delegate of ${a.value.name}`, lines.join('\n') || 'No votes cast upstairs yet.')));
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
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'mandate', title: `Mandate: ${args.vote} on ${up.value.assembly.name} #${up.value.motion.number} (${up.value.motion.title})`, payload: { upstairsMotionId: up.value.motion.id, instruction: args.vote } });
    if (!r.ok) return r;
    const note = up.value.motion.secret ? '\n\nThat motion upstairs is a secret ballot: reports will say only whether each delegate voted, never whether they followed the mandate.' : '';
    return ok(reply(personal(`Motion #${r.value.number} moved`, `${r.value.title}${note}`, { tone: 'success' })));
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
    const failed = (await reads.outboxFailed(200)).filter((o) => o.payload.assemblyId === a.value.id || o.payload.homeAssemblyId === a.value.id);
    const lines = await Promise.all(failed.map(async (o) => `• ${o.kind === 'access.grant' ? 'grant to' : o.kind === 'access.revoke' ? 'revoke from' : 'remove'} ${(await reads.person(asPersonId(String(o.payload.personId))))?.displayName ?? '?'}: ${o.lastError ?? 'unknown error'} (still retrying)`));
    const rooms = await refusingRooms(ctx.deps.store, await reads.bindingsOf(a.value.id));
    const body = [lines.join('\n') || 'Every access change has gone through.', rooms.length > 0 ? `Rooms that refuse the bot's messages (announcements there are skipped until fixed):\n${rooms.join('\n')}` : ''].filter(Boolean).join('\n\n');
    return ok(reply(personal(`${a.value.name}: access changes`, body)));
  },
});

/** One line per bound room the platform refuses the bot (services/room-health.ts). */
async function refusingRooms(store: RoomFaultStore, bindings: readonly RoomBinding[]): Promise<string[]> {
  const platforms = [...new Set(bindings.map((b) => b.platform))];
  const faults = await Promise.all(platforms.map((p) => store.roomFaults(p, bindings.filter((b) => b.platform === p).map((b) => b.roomId))));
  return faults.flat().map(describeFault);
}

export const delegateCommands = [accessStatus, seatsCommand, nominateCommand, nominationAccept, nominationWithdraw, electionCall, recallCommand, delegateRecordCommand, mandateCommand];
