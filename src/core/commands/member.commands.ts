import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { issueLinkCode, redeemLinkCode } from '../services/identity.service.js';
import { approve, join, leave, setRole } from '../services/membership.service.js';
import { ok } from '../shared/result.js';
import { zBool, zUser } from './args.js';
import { defineCommand, reply, speechOf, type CommandContext } from './command.js';

const target = (ctx: CommandContext, id: string) => ({ platform: ctx.actor.platform, externalId: id, displayName: id });

export const joinCommand = defineCommand({
  path: ['join'],
  summary: "Join this room's assembly",
  help: 'Joins the assembly bound to this room. Open assemblies admit you at once; others put your request to a facilitator or an admission motion. If the assembly has a statement of values, read it and add --accept-values.',
  permission: 'in-assembly-room',
  args: [{ name: 'accept-values', description: "accept the assembly's statement of values", type: 'boolean' }],
  schema: z.object({ 'accept-values': zBool.optional() }),
  async handler(ctx, args) {
    const r = await join(ctx.deps, ctx.actor, ctx.room, args['accept-values'] ?? false);
    if (!r.ok) return r;
    // The welcome is the room's (its language); the pending request is the member's own.
    const room = speechOf(ctx, 'public');
    const mine = speechOf(ctx);
    return ok(
      reply(
        r.value.status === 'active'
          ? publicMessage(room.t('join.welcome.title', { assembly: r.value.assembly.name }), room.t('join.welcome.body', { name: ctx.actor.displayName }), { tone: 'success' })
          : personal(mine.t('join.requested.title'), mine.t('join.requested.body', { assembly: r.value.assembly.name })),
      ),
    );
  },
});

export const leaveCommand = defineCommand({
  path: ['leave'],
  summary: 'Leave this assembly',
  help: 'Ends your membership. Ballots you already cast on open motions still count; you can join again later.',
  permission: 'in-assembly-room',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const r = await leave(ctx.deps, ctx.actor, ctx.room);
    if (!r.ok) return r;
    return ok(reply(personal(speechOf(ctx).t('leave.done', { assembly: r.value.assembly.name }))));
  },
});

export const membersCommand = defineCommand({
  path: ['members'],
  summary: 'List the members',
  help: 'Lists the active members (and who is waiting for approval) with their role.',
  permission: 'in-assembly-room',
  args: [{ name: 'status', description: 'which members', type: 'choice', choices: ['active', 'pending', 'excluded'] }],
  schema: z.object({ status: z.enum(['active', 'pending', 'excluded']).optional() }),
  async handler(ctx, args) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const status = args.status ?? 'active';
    const list = await ctx.deps.store.read.members(a.value.id, status);
    const t = speechOf(ctx);
    const shown = list.slice(0, 100).map((m) => `• ${m.role === 'facilitator' ? t.t('members.facilitator', { name: m.displayName }) : m.displayName}`);
    if (list.length > shown.length) shown.push(t.t('members.more', { count: list.length - shown.length }));
    return ok(reply(personal(t.t('members.title', { assembly: a.value.name, count: list.length, status }), shown.join('\n') || t.t('members.nobody'))));
  },
});

export const memberApprove = defineCommand({
  path: ['member', 'approve'],
  summary: 'Admit a person (facilitators)',
  help: 'Admits a person who asked to join (approval policy) or invites one (invite policy). Readmitting an excluded person takes an admission motion.',
  permission: 'facilitator',
  args: [{ name: 'user', description: 'the person to admit', positional: true, type: 'user', required: true }],
  schema: z.object({ user: zUser }),
  async handler(ctx, args) {
    const r = await approve(ctx.deps, ctx.actor, ctx.room, target(ctx, args.user));
    if (!r.ok) return r;
    return ok(reply(publicMessage(speechOf(ctx, 'public').t('member.approved', { person: r.value.person.displayName, assembly: r.value.assembly.name }), undefined, { tone: 'success' })));
  },
});

export const memberRole = defineCommand({
  path: ['member', 'role'],
  summary: 'Make a member a facilitator, or not (facilitators)',
  help: 'Facilitators manage room bindings and defaults; they have no vote beyond their member vote. An assembly always keeps at least one.',
  permission: 'facilitator',
  args: [
    { name: 'user', description: 'the member', positional: true, type: 'user', required: true },
    { name: 'role', description: 'facilitator or member', positional: true, type: 'choice', choices: ['facilitator', 'member'], required: true },
  ],
  schema: z.object({ user: zUser, role: z.enum(['facilitator', 'member']) }),
  async handler(ctx, args) {
    const r = await setRole(ctx.deps, ctx.actor, ctx.room, target(ctx, args.user), args.role);
    if (!r.ok) return r;
    return ok(reply(publicMessage(speechOf(ctx, 'public').t('member.role.set', { person: r.value.person.displayName, role: args.role }))));
  },
});

export const linkStart = defineCommand({
  path: ['link', 'start'],
  summary: 'Get a one-time code to link another chat account',
  help: 'Gives a code valid for 15 minutes. Run `link redeem <code>` from your account on the other platform; from then on both accounts are one person with one vote.',
  permission: 'anyone',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const r = await issueLinkCode(ctx.deps, ctx.actor);
    if (!r.ok) return r;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('link.code.title'), t.t('link.code.body', { code: r.value.code, expires: r.value.expiresAt }))));
  },
});

export const linkRedeem = defineCommand({
  path: ['link', 'redeem'],
  summary: 'Link this account to the one that issued the code',
  help: 'Joins this chat account to the person who ran `link start`, so that person has one vote everywhere.',
  permission: 'anyone',
  args: [{ name: 'code', description: 'the code that link start gave', positional: true, type: 'string', required: true }],
  schema: z.object({ code: z.string().min(4).max(32) }),
  async handler(ctx, args) {
    const r = await redeemLinkCode(ctx.deps, ctx.actor, args.code);
    if (!r.ok) return r;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('link.done.title'), t.t('link.done.body', { person: r.value.person.displayName }), { tone: 'success' })));
  },
});

export const memberCommands = [joinCommand, leaveCommand, membersCommand, memberApprove, memberRole, linkStart, linkRedeem];
