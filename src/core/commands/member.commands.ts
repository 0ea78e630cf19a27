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
  permission: 'in-assembly-room',
  args: [{ name: 'accept-values', type: 'boolean' }],
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
  permission: 'in-assembly-room',
  args: [{ name: 'status', type: 'choice', choices: ['active', 'pending', 'excluded'] }],
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
  permission: 'facilitator',
  args: [{ name: 'user', positional: true, type: 'user', required: true }],
  schema: z.object({ user: zUser }),
  async handler(ctx, args) {
    const r = await approve(ctx.deps, ctx.actor, ctx.room, target(ctx, args.user));
    if (!r.ok) return r;
    return ok(reply(publicMessage(speechOf(ctx, 'public').t('member.approved', { person: r.value.person.displayName, assembly: r.value.assembly.name }), undefined, { tone: 'success' })));
  },
});

export const memberRole = defineCommand({
  path: ['member', 'role'],
  permission: 'facilitator',
  args: [
    { name: 'user', positional: true, type: 'user', required: true },
    { name: 'role', positional: true, type: 'choice', choices: ['facilitator', 'member'], required: true },
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
  permission: 'anyone',
  args: [{ name: 'code', positional: true, type: 'string', required: true }],
  schema: z.object({ code: z.string().min(4).max(32) }),
  async handler(ctx, args) {
    const r = await redeemLinkCode(ctx.deps, ctx.actor, args.code);
    if (!r.ok) return r;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('link.done.title'), t.t('link.done.body', { person: r.value.person.displayName }), { tone: 'success' })));
  },
});

export const memberCommands = [joinCommand, leaveCommand, membersCommand, memberApprove, memberRole, linkStart, linkRedeem];
