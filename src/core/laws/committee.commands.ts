import { accessReason, node } from '../i18n/stored.js';
import { z } from 'zod';
import { zInt, zList, zText, zUser } from '../commands/args.js';
import { defineCommand, reply, speechOf, type CommandContext } from '../commands/command.js';
import { personal, publicMessage } from '../messages/message.js';
import type { Assembly } from '../model/entities.js';
import { mayAttachTo } from '../authority/authority.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { personFor } from '../services/identity.service.js';
import { propose } from '../services/motion.service.js';
import { ok, type Result } from '../shared/result.js';
import { cleanText, LIMITS } from '../shared/text.js';
import { quoteArg } from '../messages/command-ref.js';
import { motionAnnouncement } from '../messages/motion-messages.js';
import { callCommitteeElection } from './committee-nominations.js';
import { committeeOf, seated, stillRunning, type Committee } from './committees.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';

const other = (ctx: CommandContext, id: string) => ({ platform: ctx.actor.platform, externalId: id, displayName: id });
const nameArg = { name: 'committee', positional: true, type: 'string', required: true } as const;

async function localOfRoom(ctx: CommandContext): Promise<Result<Assembly>> {
  const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
  if (!a.ok) return a;
  return a.value.kind === 'local' ? a : errT('bad-input', 'committee.refused.notLocal', { assembly: a.value.name });
}

/** The committee whose room this is, still running (one past its term ends now). */
async function committeeOfRoom(ctx: CommandContext): Promise<Result<Committee>> {
  return ctx.deps.store.transaction(async (tx) => {
    const a = await assemblyOfRoom(tx, ctx.room);
    if (!a.ok) return a;
    const c = await committeeOf(tx, a.value);
    if (!c) return errT('bad-input', 'committee.refused.notCommittee', { assembly: a.value.name });
    if (!(await stillRunning(tx, c, ctx.deps.clock.now()))) return errT('closed', 'committee.refused.endedActs', { committee: c.assembly.name });
    return ok(c);
  });
}

export const committeeRoom = defineCommand({
  path: ['committee', 'room'],
  permission: 'room-admin',
  args: [{ ...nameArg, rest: true }],
  schema: z.object({ committee: zText(200) }),
  async handler(ctx, args) {
    const r = await ctx.deps.store.transaction(async (tx): Promise<Result<Committee>> => {
      if (await tx.bindingByRoom(ctx.room.platform, ctx.room.roomId)) return errT('conflict', 'committee.refused.roomTaken');
      const a = await tx.assemblyByName(args.committee);
      const c = a ? await committeeOf(tx, a) : null;
      if (!c) return errT('not-found', 'committee.refused.noSuch', { name: args.committee });
      const me = await personFor(tx, ctx.actor);
      const allowed = await mayAttachTo(tx, me.id, c.local);
      if (!allowed.ok) return allowed;
      await tx.bindRoom({ ...ctx.room, assemblyId: c.assembly.id, purpose: 'main' });
      for (const s of await seated(tx, c.assembly)) await tx.enqueue('access.grant', `access-grant-${c.assembly.id}-${s.personId}-room-${ctx.room.roomId}`, { action: 'grant', assemblyId: c.assembly.id, homeAssemblyId: c.local.id, personId: s.personId, ...accessReason(node('committee.access.seated', { committee: c.assembly.name })) });
      await tx.appendEvent(c.assembly.id, { type: 'committee.room', actorId: me.id, payload: { platform: ctx.room.platform, roomId: ctx.room.roomId } }, ctx.deps.clock.now());
      return ok(c);
    });
    if (!r.ok) return r;
    const t = speechOf(ctx, 'public');
    return ok(reply(publicMessage(t.t('committee.room.title', { committee: r.value.assembly.name, local: r.value.local.name }), t.t('committee.mandate', { mandate: r.value.terms.mandate }), { tone: 'success' })));
  },
});

export const committeeElect = defineCommand({
  path: ['committee', 'elect'],
  permission: 'member',
  args: [nameArg, { name: 'hours', type: 'integer' }, { name: 'candidates', type: 'list' }],
  schema: z.object({ committee: zText(200), hours: zInt(1, 24 * 90).optional(), candidates: zList(100).optional() }),
  async handler(ctx, args) {
    const local = await localOfRoom(ctx);
    if (!local.ok) return local;
    const shortlist = args.candidates?.flatMap((c) => c.split(',')).map((c) => c.trim()).filter((c) => c !== '');
    const r = await callCommitteeElection(ctx.deps, ctx.actor, ctx.room, args.committee, { hours: args.hours, shortlist });
    if (!r.ok) return r;
    await ctx.deps.announcer.announce(r.value.assembly.id, motionAnnouncement(r.value.assembly, r.value.motion, r.value.effect, undefined, ctx.deps.clock.now()), `motion-${r.value.motion.status}:${r.value.motion.id}`);
    return ok(reply(personal(speechOf(ctx).t('committee.elect.opened', { number: r.value.motion.number }), r.value.motion.title, { tone: 'success' })));
  },
});

export const committeeRecall = defineCommand({
  path: ['committee', 'recall'],
  permission: 'member',
  args: [nameArg, { name: 'person', positional: true, type: 'user', required: true }, { name: 'reason', type: 'text' }],
  schema: z.object({ committee: zText(200), person: zUser, reason: zText(1000).optional() }),
  async handler(ctx, args) {
    const person = await ctx.deps.store.transaction((tx) => personFor(tx, other(ctx, args.person)));
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'recall', title: speechOf(ctx, 'public').t('committee.recall.title', { person: person.displayName, committee: args.committee }), body: args.reason, payload: { committee: args.committee, personId: person.id } });
    if (!r.ok) return r;
    return ok(reply(personal(speechOf(ctx).t('committee.moved', { number: r.value.number }), r.value.title, { tone: 'success' })));
  },
});

export const committeeReport = defineCommand({
  path: ['committee', 'report'],
  permission: 'member',
  args: [{ name: 'text', positional: true, rest: true, type: 'text', required: true }],
  schema: z.object({ text: zText(4000) }),
  async handler(ctx, args) {
    const text = cleanText('report', args.text, LIMITS.body, { multiline: true });
    if (!text.ok) return text;
    const c = await committeeOfRoom(ctx);
    if (!c.ok) return c;
    const { assembly, local, terms } = c.value;
    await ctx.deps.store.transaction(async (tx) => {
      const now = ctx.deps.clock.now();
      const me = await personFor(tx, ctx.actor);
      for (const n of terms.laws) {
        const law = await tx.laws.law(local.id, n);
        if (law) await tx.laws.addNote({ lawId: law.id, kind: 'report', text: `${assembly.name} (${me.displayName}): ${text.value}`, targetMotionId: null, payload: { committee: assembly.name, by: me.id }, at: now });
      }
      await tx.appendEvent(assembly.id, { type: 'committee.reported', actorId: me.id, payload: { text: text.value } }, now);
      await tx.appendEvent(local.id, { type: 'committee.report', actorId: me.id, payload: { committee: assembly.name, laws: [...terms.laws] } }, now);
    });
    const there = roomSpeech(local.policy);
    await ctx.deps.announcer.announce(local.id, publicMessage(there.t('committee.report.title', { local: local.name, committee: assembly.name }), `${text.value}${terms.laws.length > 0 ? `\n\n${there.t('committee.report.keptUnder', { laws: terms.laws.join(', '), first: terms.laws[0] ?? 0 })}` : ''}`, { tone: 'info' }), `committee-report:${ctx.requestId}`);
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('committee.report.sent'), t.t('committee.report.announced', { local: local.name }), { tone: 'success' })));
  },
});

export const committeeAsk = defineCommand({
  path: ['committee', 'ask'],
  permission: 'member',
  args: [{ name: 'title', positional: true, rest: true, type: 'string', required: true }, { name: 'body', type: 'text', long: true }],
  schema: z.object({ title: zText(1000), body: zText(20000).optional() }),
  async handler(ctx, args) {
    const c = await committeeOfRoom(ctx);
    if (!c.ok) return c;
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'forward', title: args.title, body: args.body });
    if (!r.ok) return r;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('committee.moved', { number: r.value.number }), t.t('committee.ask.moved', { committee: c.value.assembly.name, title: r.value.title, local: c.value.local.name }), { tone: 'success' })));
  },
});

export const committeeShow = defineCommand({
  path: ['committee', 'show'],
  permission: 'anyone',
  args: [{ ...nameArg, required: false, rest: true }],
  schema: z.object({ committee: zText(200).optional() }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const a = args.committee ? await reads.assemblyByName(args.committee) : null;
    const here = a ?? (await assemblyOfRoom(reads, ctx.room).then((r) => (r.ok ? r.value : null)));
    const c = here ? await committeeOf(reads, here) : null;
    if (!c) return args.committee ? errT('not-found', 'committee.refused.noSuch', { name: args.committee }) : errT('not-found', 'committee.refused.nameIt');
    const t = speechOf(ctx);
    const members = await seated(reads, c.assembly);
    const ended = c.ended || ctx.deps.clock.now() >= c.terms.endsAt;
    const nominated = await Promise.all(
      (await reads.openCommitteeNominations(c.assembly.id)).map(async (n) => {
        const name = (await reads.person(n.personId))?.displayName ?? '?';
        return n.acceptedAt ? name : t.t('committee.show.notAccepted', { name });
      }),
    );
    return ok(
      reply(
        personal(t.t('committee.show.title', { committee: c.assembly.name, local: c.local.name }), c.terms.mandate, {
          fields: [
            { name: t.t('committee.field.carriesOut'), value: c.terms.laws.length > 0 ? c.terms.laws.map((number) => t.t('committee.show.law', { number })).join(', ') : '—', inline: true },
            { name: t.t('committee.field.seats'), value: t.t('committee.show.seats', { filled: members.length, seats: c.terms.seats }), inline: true },
            { name: ended ? t.t('committee.field.ended') : t.t('committee.field.termEnds'), value: t.date(c.terms.endsAt), inline: true },
            { name: t.t('committee.field.members'), value: members.map((m) => m.displayName).join(', ') || t.t('committee.show.noMembers') },
            ...(ended ? [] : [{ name: t.t('committee.field.nominated'), value: nominated.join(', ') || t.t('committee.show.noNominees', { name: quoteArg(c.assembly.name) }) }]),
            { name: t.t('committee.field.createdBy'), value: t.t('committee.show.createdBy', { local: c.local.name, number: c.terms.motion }), inline: true },
          ],
        }),
      ),
    );
  },
});

export const committeeCommands = [committeeRoom, committeeElect, committeeRecall, committeeReport, committeeAsk, committeeShow];
