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

/** Kinds moved with `motion propose`; the others have their own commands (federation join/leave, recall, mandate, circle forward). */
const DIRECT_KINDS = ['resolution', 'election', 'admission', 'exclusion', 'policy', 'amend-law', 'repeal-law', 'annul', 'require-leave', 'committee', 'committee-end'] as const;
const LAW_KINDS: readonly string[] = ['amend-law', 'repeal-law', 'annul', 'require-leave', 'committee', 'committee-end'];

export const motionPropose = defineCommand({
  path: ['motion', 'propose'],
  summary: 'Move a motion',
  help: 'Moves a motion in this assembly. It opens for voting at once, or after the seconds the assembly requires. Kinds: resolution (a decision binding this assembly only; in a local assembly it becomes a law), election, admission/exclusion (--person), policy (--key, --value, --for-kind); in a local assembly also amend-law (--law, new text in --body), repeal-law (--law), annul (a decision of a circle: --circle, --motion, citing --law) require-leave (a circle leaves a federation: --circle, --federation, citing --law), committee (--name, --mandate, --law, --seats, --term-days) and committee-end (--name). Approval and ranked motions take two or more --option. Joining or leaving a federation, recalls, mandates and forwarding have their own commands.',
  examples: ['motion propose "Adopt the community fridge rota" --body "…"', 'motion propose "Pick a meeting day" --method approval --option Monday --option Thursday', 'motion propose "Exclude X" --kind exclusion --person @x', 'motion propose "Longer fridge hours" --kind amend-law --law 2 --body "…"', 'motion propose "Annul the Garden\'s paint decision" --kind annul --circle Garden --motion 3 --law 1'],
  permission: 'member',
  args: [
    { name: 'title', description: 'a one-line title', positional: true, rest: true, type: 'string', required: true },
    { name: 'kind', description: 'what kind of motion', type: 'choice', choices: DIRECT_KINDS },
    { name: 'body', description: 'the full text', type: 'text', long: true },
    { name: 'method', description: 'how votes are cast and counted', type: 'choice', choices: METHODS },
    { name: 'option', description: 'an option (repeat for each)', type: 'list' },
    { name: 'seats', description: 'how many options win (ranked/approval)', type: 'integer' },
    { name: 'secret', description: 'secret ballot (tallies only)', type: 'boolean' },
    { name: 'hours', description: 'voting period in hours', type: 'integer' },
    { name: 'person', description: 'the person (admission, exclusion)', type: 'user' },
    { name: 'key', description: 'the setting (policy motions)', type: 'string' },
    { name: 'value', description: 'its new value (policy motions)', type: 'string' },
    { name: 'for-kind', description: 'the motion kind a policy default applies to', type: 'choice', choices: MOTION_KINDS },
    { name: 'law', description: 'the law (amend-law, repeal-law; the law cited by annul, require-leave)', type: 'string' },
    { name: 'circle', description: 'the circle (annul, require-leave)', type: 'string' },
    { name: 'motion', description: "the circle's motion number (annul)", type: 'string' },
    { name: 'federation', description: 'the federation the circle must leave (require-leave)', type: 'string' },
    { name: 'name', description: 'the committee (committee, committee-end)', type: 'string' },
    { name: 'mandate', description: "the committee's mandate", type: 'text' },
    { name: 'term-days', description: "the committee's term in days", type: 'integer' },
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
    return ok(reply(personal(`Motion #${m.number} moved`, m.status === 'open' ? 'It is open for voting; the announcement is in the assembly rooms.' : `It opens when ${m.secondsRequired} member(s) have seconded it.`, { tone: 'success' })));
  },
});

export const motionSecond = defineCommand({
  path: ['motion', 'second'],
  summary: 'Second a motion',
  help: "Co-sponsors a motion that is waiting for seconds; it opens for voting when enough members have seconded. The mover's own second does not count.",
  permission: 'member',
  args: [motionRefArg],
  schema: z.object({ motion: zMotionRef }),
  async handler(ctx, args) {
    const r = await second(ctx.deps, ctx.actor, ctx.room, args.motion);
    if (!r.ok) return r;
    const { motion, count, opened } = r.value;
    return ok(reply(publicMessage(`Motion #${motion.number} seconded (${count}/${motion.secondsRequired})`, opened ? 'It is now open for voting.' : undefined)));
  },
});

export const motionWithdraw = defineCommand({
  path: ['motion', 'withdraw'],
  summary: 'Withdraw a motion you moved',
  help: 'Withdraws your own motion before it closes. Ballots already cast are kept in the record but not counted.',
  permission: 'member',
  args: [motionRefArg],
  schema: z.object({ motion: zMotionRef }),
  async handler(ctx, args) {
    const r = await withdraw(ctx.deps, ctx.actor, ctx.room, args.motion);
    if (!r.ok) return r;
    // The room already has the announcement (withdraw() posts it in every bound room): the mover gets a confirmation only.
    return ok(reply(personal(`Motion #${r.value.motion.number} withdrawn`, 'Ballots are no longer taken; the announcement is in the assembly rooms.', { tone: 'success' })));
  },
});

export const motionExtend = defineCommand({
  path: ['motion', 'extend'],
  summary: "Extend an open motion's deadline",
  help: "Moves an open motion's closing time later by whole hours (never earlier). The member who moved it or a facilitator may, up to the assembly's extend-hours in all (default 72; 0 turns it off). Every extension is announced in the assembly's rooms and recorded.",
  examples: ['motion extend 12 24'],
  permission: 'member',
  args: [motionRefArg, { name: 'hours', description: 'how many hours later it closes', positional: true, type: 'integer', required: true }],
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
  summary: 'Show a motion',
  help: 'Shows a motion with its text, rules, status and, once closed, its result. Open motions show how many have voted; tallies appear at close.',
  async handler(ctx, { motion, assembly }) {
    const reads = ctx.deps.store.read;
    if (motion.result) {
      const shown = resultMessage(assembly, motion, ctx.deps.kinds.get(motion.kind)?.describe(motion), speechOf(ctx));
      // A circle's decision its local assembly annulled (src/core/laws): it no longer stands.
      const annulled = await reads.laws.annulmentOf(motion.id);
      const fields = annulled ? [...(shown.fields ?? []), { name: 'Annulled', value: `by ${String(annulled.payload.by)} (motion #${String(annulled.payload.byMotion)}): it conflicts with law ${String(annulled.payload.law)} there` }] : shown.fields;
      return ok(reply({ ...shown, ...(fields ? { fields } : {}), visibility: 'personal' }));
    }
    const cast = await reads.countBallots(motion.id);
    return ok(reply(personal(`${assembly.name} · Motion #${motion.number}: ${motion.title}`, motion.body || undefined, { fields: [...motionFields(motion, speechOf(ctx)), { name: 'Ballots so far', value: String(cast), inline: true }] })));
  },
});

export const motionList = defineCommand({
  path: ['motion', 'list'],
  summary: 'List motions',
  help: 'Lists the open motions of this assembly (or closed ones, or all), newest first.',
  permission: 'in-assembly-room',
  args: [{ name: 'status', description: 'which motions', type: 'choice', choices: ['open', 'closed', 'all'] }],
  schema: z.object({ status: z.enum(['open', 'closed', 'all']).optional() }),
  async handler(ctx, args) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const which = args.status ?? 'open';
    const statuses: readonly MotionStatus[] | undefined = which === 'open' ? ['proposed', 'open'] : which === 'closed' ? CLOSED_STATUSES : undefined;
    const list = await ctx.deps.store.read.motions(a.value.id, statuses, 50);
    const lines = list.map((m) => `#${m.number} [${m.status}] ${m.title} (${m.kind}, ${m.method})`);
    return ok(reply(personal(`${a.value.name}: ${which} motions`, lines.join('\n') || 'None.')));
  },
});

export const motionCommands = [motionPropose, motionSecond, motionWithdraw, motionExtend, motionShow, motionList];
