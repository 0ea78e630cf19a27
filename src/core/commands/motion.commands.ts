import { LIMITS } from '../shared/text.js';
import { z } from 'zod';
import { motionFields, resultMessage } from '../messages/motion-messages.js';
import { personal, publicMessage } from '../messages/message.js';
import { CLOSED_STATUSES, type MotionStatus } from '../model/entities.js';
import { METHODS, MOTION_KINDS } from '../model/policy.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { personFor } from '../services/identity.service.js';
import { propose, second, withdraw } from '../services/motion.service.js';
import { extendMotion } from '../services/extend.service.js';
import { MAX_VOTING_HOURS } from '../model/policy.js';
import { ok } from '../shared/result.js';
import { zBool, zInt, zList, zText, zUser, motionRefArg, zMotionRef } from './args.js';
import { defineCommand, reply, speechOf } from './command.js';
import { defineMotionLookup } from './motion-lookup.js';
import { selector } from '../i18n/localized.js';

/** Kinds moved with `motion propose`; the others have their own commands (federation join/leave, recall, mandate, circle forward). */
const DIRECT_KINDS = ['resolution', 'election', 'admission', 'exclusion', 'policy', 'amend-law', 'repeal-law', 'annul', 'require-leave', 'committee', 'committee-end'] as const;
const LAW_KINDS: readonly string[] = ['amend-law', 'repeal-law', 'annul', 'require-leave', 'committee', 'committee-end'];

export const motionPropose = defineCommand({
  path: ['motion', 'propose'],
  permission: 'member',
  args: [
    { name: 'title', positional: true, rest: true, type: 'string', required: true },
    { name: 'kind', type: 'choice', choices: DIRECT_KINDS },
    { name: 'body', type: 'text', long: true },
    { name: 'method', type: 'choice', choices: METHODS },
    { name: 'option', type: 'list' },
    { name: 'seats', type: 'integer' },
    { name: 'secret', type: 'boolean' },
    { name: 'hours', type: 'integer' },
    { name: 'person', type: 'user' },
    { name: 'key', type: 'string' },
    { name: 'value', type: 'string' },
    { name: 'for-kind', type: 'choice', choices: MOTION_KINDS },
    { name: 'law', type: 'string' },
    { name: 'circle', type: 'string' },
    { name: 'motion', type: 'string' },
    { name: 'federation', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'mandate', type: 'text' },
    { name: 'term-days', type: 'integer' },
  ],
  schema: z.object({
    title: zText(LIMITS.title),
    kind: z.enum(DIRECT_KINDS).optional(),
    body: zText(LIMITS.body).optional(),
    method: z.enum(METHODS).optional(),
    option: zList(50).optional(),
    seats: zInt(1, 100).optional(),
    secret: zBool.optional(),
    hours: zInt(1, 24 * 90).optional(),
    person: zUser.optional(),
    key: z.string().max(50).optional(),
    value: zText(2000).optional(),
    'for-kind': z.enum(MOTION_KINDS).optional(),
    law: z.string().max(120).optional(),
    circle: zText(200).optional(),
    motion: z.string().max(120).optional(),
    federation: zText(200).optional(),
    name: zText(200).optional(),
    mandate: zText(2000).optional(),
    'term-days': zInt(1, 730).optional(),
  }),
  async handler(ctx, args) {
    const kind = args.kind ?? 'resolution';
    let payload: Record<string, unknown> = {};
    if (args.person !== undefined) {
      const target = { platform: ctx.actor.platform, externalId: args.person, displayName: args.person };
      const person = await ctx.deps.store.transaction((tx) => personFor(tx, target));
      payload = { personId: person.id };
    }
    if (kind === 'policy') payload = { key: args.key, value: args.value ?? '', ...(args['for-kind'] ? { forKind: args['for-kind'] } : {}) };
    // A committee's seats are its own, not the motion's (which is a yes/no vote).
    const seats = kind === 'committee' ? undefined : args.seats;
    if (LAW_KINDS.includes(kind)) payload = { law: args.law, text: args.body, circle: args.circle, motion: args.motion, federation: args.federation, name: args.name, mandate: args.mandate, seats: args.seats, termDays: args['term-days'] };
    const r = await propose(ctx.deps, ctx.actor, ctx.room, {
      kind,
      title: args.title,
      body: args.body,
      method: args.method,
      options: args.option,
      seats,
      secret: args.secret,
      hours: args.hours,
      payload,
    });
    if (!r.ok) return r;
    const m = r.value;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('motion.moved.title', { number: m.number }), t.t('motion.moved.body', { open: m.status === 'open' ? 'yes' : 'no', seconds: m.secondsRequired }), { tone: 'success' })));
  },
});

export const motionSecond = defineCommand({
  path: ['motion', 'second'],
  permission: 'member',
  args: [motionRefArg],
  schema: z.object({ motion: zMotionRef }),
  async handler(ctx, args) {
    const r = await second(ctx.deps, ctx.actor, ctx.room, args.motion);
    if (!r.ok) return r;
    const { motion, count, opened } = r.value;
    const t = speechOf(ctx, 'public');
    return ok(reply(publicMessage(t.t('motion.seconded.title', { number: motion.number, count, needed: motion.secondsRequired }), opened ? t.t('motion.seconded.opened') : undefined)));
  },
});

export const motionWithdraw = defineCommand({
  path: ['motion', 'withdraw'],
  permission: 'member',
  args: [motionRefArg],
  schema: z.object({ motion: zMotionRef }),
  async handler(ctx, args) {
    const r = await withdraw(ctx.deps, ctx.actor, ctx.room, args.motion);
    if (!r.ok) return r;
    // The room already has the announcement (withdraw() posts it in every bound room): the mover gets a confirmation only.
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('motion.withdrawn.title', { number: r.value.motion.number }), t.t('motion.withdrawn.body'), { tone: 'success' })));
  },
});

export const motionExtend = defineCommand({
  path: ['motion', 'extend'],
  permission: 'member',
  args: [motionRefArg, { name: 'hours', positional: true, type: 'integer', required: true }],
  schema: z.object({ motion: zMotionRef, hours: zInt(1, MAX_VOTING_HOURS) }),
  async handler(ctx, args) {
    const r = await extendMotion(ctx.deps, ctx.actor, ctx.room, args.motion, args.hours);
    if (!r.ok) return r;
    const t = speechOf(ctx);
    const closes = r.value.motion.closesAt;
    return ok(reply(personal(t.t('extend.done.title', { number: r.value.motion.number, hours: args.hours }), closes ? t.t('extend.done.body', { closes }) : undefined, { tone: 'success' })));
  },
});

export const motionShow = defineMotionLookup({
  path: ['motion', 'show'],
  async handler(ctx, { motion, assembly }) {
    const reads = ctx.deps.store.read;
    const t = speechOf(ctx);
    if (motion.result) {
      const shown = resultMessage(assembly, motion, ctx.deps.kinds.get(motion.kind)?.describe(motion, t), t);
      // A circle's decision its local assembly annulled (src/core/laws): it no longer stands.
      const annulled = await reads.laws.annulmentOf(motion.id);
      const fields = annulled ? [...(shown.fields ?? []), { name: t.t('field.annulled'), value: t.t('motion.annulledBy', { by: String(annulled.payload.by), motion: String(annulled.payload.byMotion), law: String(annulled.payload.law) }) }] : shown.fields;
      return ok(reply({ ...shown, ...(fields ? { fields } : {}), visibility: 'personal' }));
    }
    const cast = await reads.countBallots(motion.id);
    return ok(reply(personal(t.t('motion.show.title', { assembly: assembly.name, number: motion.number, title: motion.title }), motion.body || undefined, { fields: [...motionFields(motion, t), { name: t.t('field.ballotsSoFar'), value: String(cast), inline: true }] })));
  },
});

export const motionList = defineCommand({
  path: ['motion', 'list'],
  permission: 'in-assembly-room',
  args: [{ name: 'status', type: 'choice', choices: ['open', 'closed', 'all'] }],
  schema: z.object({ status: z.enum(['open', 'closed', 'all']).optional() }),
  async handler(ctx, args) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const which = args.status ?? 'open';
    const statuses: readonly MotionStatus[] | undefined = which === 'open' ? ['proposed', 'open'] : which === 'closed' ? CLOSED_STATUSES : undefined;
    const list = await ctx.deps.store.read.motions(a.value.id, statuses, 50);
    const t = speechOf(ctx);
    const lines = list.map((m) => t.t('motion.list.line', { number: m.number, status: t.t('motion.status', { status: selector(m.status) }), title: m.title, kind: t.t('motion.kind', { kind: selector(m.kind) }), method: t.t('motion.method', { method: selector(m.method) }) }));
    return ok(reply(personal(t.t('motion.list.title', { assembly: a.value.name, which }), lines.join('\n') || t.t('common.none'))));
  },
});

export const motionCommands = [motionPropose, motionSecond, motionWithdraw, motionExtend, motionShow, motionList];
