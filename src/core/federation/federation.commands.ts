import { LIMITS } from '../shared/text.js';
import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { zBool, zInt, zText } from '../commands/args.js';
import { defineCommand, reply, speechOf } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { propose } from '../services/motion.service.js';
import { ok } from '../shared/result.js';
import { createDelegatesAssembly, createFederation, invite } from './federation.service.js';
import { issueRemoteInvitation } from './remote/parent.js';
import { looksRemote } from './remote/invitation-code.js';
import { federationTree } from './federation-show.js';
import { countFlagNotices } from './remote/count-flags.js';
import { recallNotices } from './remote/recall-watch.js';
import type { ParentLinkData } from './remote/child.js';

export const federationCreate = defineCommand({
  path: ['federation', 'create'],
  permission: 'room-admin',
  args: [
    { name: 'name', positional: true, rest: true, type: 'string', required: true },
    { name: 'purpose', type: 'text', required: true, long: true },
  ],
  schema: z.object({ name: zText(200), purpose: zText(LIMITS.body) }),
  async handler(ctx, args) {
    const r = await createFederation(ctx.deps, ctx.actor, ctx.room, args.name, args.purpose);
    if (!r.ok) return r;
    const t = speechOf(ctx, 'public');
    return ok(reply(publicMessage(t.t('fed.founded.title', { federation: r.value.federation.name }), t.t('fed.founded.body', { assembly: r.value.assembly.name }), { tone: 'success' })));
  },
});

export const federationAssembly = defineCommand({
  path: ['federation', 'assembly'],
  permission: 'room-admin',
  args: [
    { name: 'name', positional: true, rest: true, type: 'string', required: true },
    { name: 'federation', type: 'string', required: true, suggest: 'federation' },
  ],
  schema: z.object({ name: zText(200), federation: zText(200) }),
  async handler(ctx, args) {
    const r = await createDelegatesAssembly(ctx.deps, ctx.actor, ctx.room, args.name, args.federation);
    if (!r.ok) return r;
    const t = speechOf(ctx, 'public');
    return ok(reply(publicMessage(t.t('fed.delegatesAssembly.title', { assembly: r.value.assembly.name, federation: r.value.federation.name }), t.t('fed.delegatesAssembly.body'), { tone: 'success' })));
  },
});

export const federationInvite = defineCommand({
  path: ['federation', 'invite'],
  permission: 'in-assembly-room',
  args: [
    { name: 'hours', type: 'integer' },
    { name: 'remote', type: 'boolean' },
  ],
  schema: z.object({ hours: zInt(1, 24 * 90).optional(), remote: zBool.optional() }),
  async handler(ctx, args) {
    if (args.remote) {
      const remote = await issueRemoteInvitation(ctx.deps, ctx.actor, ctx.room, args.hours ?? 168);
      if (!remote.ok) return remote;
      const t = speechOf(ctx);
      const expires = remote.value.expiresAt ? t.deadline(remote.value.expiresAt, ctx.deps.clock.now()) : '';
      return ok(reply(personal(t.t('fed.invitation.remote.title', { assembly: remote.value.assemblyName }), t.t('fed.invitation.remote.body', { line: remote.value.text, expires }))));
    }
    const r = await invite(ctx.deps, ctx.actor, ctx.room, args.hours ?? 168);
    if (!r.ok) return r;
    const i = r.value.invitation;
    const t = speechOf(ctx);
    // invite() always sets an expiry: shown relative and absolute ("in 7 days (Mon 14 Dec, 21:04 UTC)").
    const expires = i.expiresAt ? t.deadline(i.expiresAt, ctx.deps.clock.now()) : '';
    return ok(reply(personal(t.t('fed.invitation.title', { assembly: r.value.assembly.name }), t.t('fed.invitation.body', { code: i.code, expires }))));
  },
});

export const federationJoin = defineCommand({
  path: ['federation', 'join'],
  permission: 'member',
  args: [
    { name: 'code', positional: true, type: 'string', required: true },
    { name: 'hours', type: 'integer' },
  ],
  schema: z.object({ code: z.string().min(3).max(2000), hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const title = looksRemote(args.code) ? speechOf(ctx, 'public').t('fed.join.remoteMotionTitle') : speechOf(ctx, 'public').t('fed.join.motionTitle', { code: args.code });
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'federation-join', title, hours: args.hours, payload: { code: args.code } });
    if (!r.ok) return r;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('fed.motionMoved', { number: r.value.number }), t.t('fed.join.moved', { title: r.value.title }), { tone: 'success' })));
  },
});

export const federationLeave = defineCommand({
  path: ['federation', 'leave'],
  permission: 'member',
  args: [
    { name: 'federation', positional: true, rest: true, type: 'string', required: true, suggest: 'federation' },
    { name: 'hours', type: 'integer' },
  ],
  schema: z.object({ federation: zText(200), hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'federation-leave', title: speechOf(ctx, 'public').t('fed.leave.motionTitle', { federation: args.federation }), hours: args.hours, payload: { federation: args.federation } });
    if (!r.ok) return r;
    return ok(reply(personal(speechOf(ctx).t('fed.motionMoved', { number: r.value.number }), r.value.title, { tone: 'success' })));
  },
});

export const federationShow = defineCommand({
  path: ['federation', 'show'],
  permission: 'anyone',
  args: [{ name: 'federation', positional: true, rest: true, type: 'string', suggest: 'federation' }],
  schema: z.object({ federation: zText(200).optional() }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const t = speechOf(ctx);
    if (args.federation) {
      const f = await reads.federationByName(args.federation);
      if (!f) return ok(reply(personal(t.t('fed.show.notFound', { name: args.federation }), undefined, { tone: 'error' })));
      const flagged = await countFlagNotices(reads, f.rootAssemblyId, t);
      return ok(reply(personal(f.name, [`${f.purpose}\n\n${await federationTree(reads, f, undefined, t)}`, ...flagged].join('\n'))));
    }
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const edges = await reads.parentEdges(a.value.id);
    // Links to parents on other deployments: a dormant one is said so; one left for sovereignty is still shown.
    const remote = (await reads.remotes.mirrorsOf('parent-link', [a.value.id])).map((m) => m.data as unknown as ParentLinkData);
    const lines = await Promise.all(
      edges.map(async (e) => {
        const [f, p, held] = await Promise.all([reads.federation(e.federationId), reads.assembly(e.parentAssemblyId), reads.seats({ edgeId: e.id, status: 'active' })]);
        const dormant = remote.find((l) => l.edgeId === e.id && l.status === 'joined')?.dormantSince;
        return [t.t('fed.show.line', { federation: f?.name ?? '?', parent: p?.name ?? '?', held: held.length, seats: e.seats }), ...(dormant ? [t.t('fed.show.dormant', { since: new Date(dormant) })] : [])].join('\n');
      }),
    );
    for (const l of remote) if (l.status === 'sovereign' && l.endedAt) lines.push(t.t('fed.show.sovereign', { federation: l.federation, parent: `${l.parentName} @ ${l.deployment}`, since: new Date(l.endedAt) }));
    const notices = [...(await recallNotices(reads, a.value.id, t)), ...(await countFlagNotices(reads, a.value.id, t))];
    const text = [lines.join('\n') || (notices.length > 0 ? '' : t.t('fed.show.none')), ...notices].filter((l) => l !== '').join('\n');
    return ok(reply(personal(t.t('fed.show.title', { assembly: a.value.name }), text)));
  },
});

export const federationCommands = [federationCreate, federationAssembly, federationInvite, federationJoin, federationLeave, federationShow];
