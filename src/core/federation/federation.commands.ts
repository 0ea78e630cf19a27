import { LIMITS } from '../shared/text.js';
import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { zInt, zText } from '../commands/args.js';
import { defineCommand, reply } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { propose } from '../services/motion.service.js';
import { ok } from '../shared/result.js';
import { createDelegatesAssembly, createFederation, invite } from './federation.service.js';
import { federationTree } from './federation-show.js';

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
    return ok(reply(publicMessage(`${r.value.federation.name} is founded`, `This room is ${r.value.assembly.name}. Invite assemblies with \`federation invite\`; each joins by its own vote.`, { tone: 'success' })));
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
    return ok(reply(publicMessage(`${r.value.assembly.name} is an assembly of delegates in ${r.value.federation.name}`, 'Invite member assemblies with `federation invite`.', { tone: 'success' })));
  },
});

export const federationInvite = defineCommand({
  path: ['federation', 'invite'],
  permission: 'in-assembly-room',
  args: [{ name: 'hours', type: 'integer' }],
  schema: z.object({ hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const r = await invite(ctx.deps, ctx.actor, ctx.room, args.hours ?? 168);
    if (!r.ok) return r;
    const i = r.value.invitation;
    return ok(reply(personal(`Invitation to ${r.value.assembly.name}`, `Code: ${i.code}\nThe joining assembly runs: \`federation join ${i.code}\`\nValid until ${i.expiresAt?.toISOString() ?? 'used'}.`)));
  },
});

export const federationJoin = defineCommand({
  path: ['federation', 'join'],
  permission: 'member',
  args: [
    { name: 'code', positional: true, type: 'string', required: true },
    { name: 'hours', type: 'integer' },
  ],
  schema: z.object({ code: z.string().min(3).max(64), hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'federation-join', title: `Join a federation with invitation ${args.code}`, hours: args.hours, payload: { code: args.code } });
    if (!r.ok) return r;
    return ok(reply(personal(`Motion #${r.value.number} moved`, `${r.value.title}. The assembly decides by vote.`, { tone: 'success' })));
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
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'federation-leave', title: `Leave ${args.federation}`, hours: args.hours, payload: { federation: args.federation } });
    if (!r.ok) return r;
    return ok(reply(personal(`Motion #${r.value.number} moved`, r.value.title, { tone: 'success' })));
  },
});

export const federationShow = defineCommand({
  path: ['federation', 'show'],
  permission: 'anyone',
  args: [{ name: 'federation', positional: true, rest: true, type: 'string', suggest: 'federation' }],
  schema: z.object({ federation: zText(200).optional() }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    if (args.federation) {
      const f = await reads.federationByName(args.federation);
      if (!f) return ok(reply(personal(`No federation is called "${args.federation}"`, undefined, { tone: 'error' })));
      return ok(reply(personal(f.name, `${f.purpose}\n\n${await federationTree(reads, f)}`)));
    }
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const edges = await reads.parentEdges(a.value.id);
    const lines = await Promise.all(
      edges.map(async (e) => {
        const [f, p, held] = await Promise.all([reads.federation(e.federationId), reads.assembly(e.parentAssemblyId), reads.seats({ edgeId: e.id, status: 'active' })]);
        return `• ${f?.name ?? '?'}: parent ${p?.name ?? '?'}, ${held.length}/${e.seats} seat(s) filled`;
      }),
    );
    return ok(reply(personal(`${a.value.name}: federations`, lines.join('\n') || 'None yet. A parent assembly issues an invitation code; then `federation join <code>`.')));
  },
});

export const federationCommands = [federationCreate, federationAssembly, federationInvite, federationJoin, federationLeave, federationShow];
