import { LIMITS } from '../shared/text.js';
import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { zBool, zInt, zText } from '../commands/args.js';
import { defineCommand, reply } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { propose } from '../services/motion.service.js';
import { ok } from '../shared/result.js';
import { createDelegatesAssembly, createFederation, invite } from './federation.service.js';
import { issueRemoteInvitation } from './remote/parent.js';
import { looksRemote } from './remote/invitation-code.js';
import { federationTree } from './federation-show.js';

export const federationCreate = defineCommand({
  path: ['federation', 'create'],
  summary: 'Found a federation; this room becomes its assembly of delegates',
  help: 'Creates a federation with a name and a purpose, and its first assembly of delegates bound to this room. Its members will be the delegates elected by the assemblies that join. As founder you can issue the first invitations.',
  examples: ['federation create "Valley Transport" --purpose "Shared buses between our towns"'],
  permission: 'room-admin',
  args: [
    { name: 'name', description: 'the federation name', positional: true, rest: true, type: 'string', required: true },
    { name: 'purpose', description: 'what the federation is for', type: 'text', required: true, long: true },
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
  summary: 'Create another assembly of delegates in a federation (a middle level)',
  help: 'Binds this room to a new assembly of delegates in the federation (a facilitator of its top assembly, or its founder, consents by running it). Local assemblies join it with its invitations; once it has delegates, it joins its own parent by its own federation-join motion.',
  permission: 'room-admin',
  args: [
    { name: 'name', description: 'the assembly name', positional: true, rest: true, type: 'string', required: true },
    { name: 'federation', description: 'the federation', type: 'string', required: true, suggest: 'federation' },
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
  summary: 'Issue an invitation code for an assembly to join (facilitators, founder)',
  help: "The parent's consent to a join: a one-time code. The joining assembly passes a federation-join motion naming it; only then is it a member. With --remote: one line for an assembly on another Plenary deployment (it carries this deployment's id, bot account and key beside the code).",
  permission: 'in-assembly-room',
  args: [
    { name: 'hours', description: 'how long the code is valid (default 168)', type: 'integer' },
    { name: 'remote', description: 'for an assembly on another Plenary deployment', type: 'boolean' },
  ],
  schema: z.object({ hours: zInt(1, 24 * 90).optional(), remote: zBool.optional() }),
  async handler(ctx, args) {
    if (args.remote) {
      const remote = await issueRemoteInvitation(ctx.deps, ctx.actor, ctx.room, args.hours ?? 168);
      if (!remote.ok) return remote;
      return ok(reply(personal(`Remote invitation to ${remote.value.assemblyName}`, `Send this whole line to the other community; its members run \`federation join <line>\`:\n${remote.value.text}\nValid until ${remote.value.expiresAt?.toISOString() ?? 'used'}.`)));
    }
    const r = await invite(ctx.deps, ctx.actor, ctx.room, args.hours ?? 168);
    if (!r.ok) return r;
    const i = r.value.invitation;
    return ok(reply(personal(`Invitation to ${r.value.assembly.name}`, `Code: ${i.code}\nThe joining assembly runs: \`federation join ${i.code}\`\nValid until ${i.expiresAt?.toISOString() ?? 'used'}.`)));
  },
});

export const federationJoin = defineCommand({
  path: ['federation', 'join'],
  summary: 'Move that this assembly joins a federation (with an invitation code)',
  help: 'Moves a federation-join motion in this assembly. Federation is voluntary: the assembly joins only if its members vote for it.',
  permission: 'member',
  args: [
    { name: 'code', description: 'the invitation code from the parent', positional: true, type: 'string', required: true },
    { name: 'hours', description: 'voting period in hours', type: 'integer' },
  ],
  schema: z.object({ code: z.string().min(3).max(2000), hours: zInt(1, 24 * 90).optional() }),
  async handler(ctx, args) {
    const title = looksRemote(args.code) ? 'Join a federation on another deployment (remote invitation)' : `Join a federation with invitation ${args.code}`;
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'federation-join', title, hours: args.hours, payload: { code: args.code } });
    if (!r.ok) return r;
    return ok(reply(personal(`Motion #${r.value.number} moved`, `${r.value.title}. The assembly decides by vote.`, { tone: 'success' })));
  },
});

export const federationLeave = defineCommand({
  path: ['federation', 'leave'],
  summary: 'Move that this assembly leaves a federation',
  help: 'Moves a federation-leave motion. Leaving needs only this assembly’s vote; its delegates lose their seats and access when it passes.',
  permission: 'member',
  args: [
    { name: 'federation', description: 'the federation to leave', positional: true, rest: true, type: 'string', required: true, suggest: 'federation' },
    { name: 'hours', description: 'voting period in hours', type: 'integer' },
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
  summary: 'Show the federations of this assembly, or one federation as a tree',
  help: 'Without a name: the federations this assembly belongs to, with its parent and seats in each. With a name: the whole tree with each assembly’s delegates.',
  permission: 'anyone',
  args: [{ name: 'federation', description: 'a federation', positional: true, rest: true, type: 'string', suggest: 'federation' }],
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
