import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { zText } from '../commands/args.js';
import { defineCommand, reply } from '../commands/command.js';
import { propose, resolveMotion } from '../services/motion.service.js';
import { ok } from '../shared/result.js';
import { createCircle } from './circles.js';

export const circleCreate = defineCommand({
  path: ['circle', 'create'],
  permission: 'room-admin',
  args: [
    { name: 'name', positional: true, rest: true, type: 'string', required: true },
    { name: 'assembly', type: 'string', required: true, suggest: 'assembly' },
  ],
  schema: z.object({ name: zText(200), assembly: zText(200) }),
  async handler(ctx, args) {
    const r = await createCircle(ctx.deps, ctx.actor, ctx.room, args.name, args.assembly);
    if (!r.ok) return r;
    return ok(reply(publicMessage(`${r.value.circle.name} is a circle of ${r.value.local.name}`, 'Members of the local assembly join it with `join`.', { tone: 'success' })));
  },
});

export const circleForward = defineCommand({
  path: ['circle', 'forward'],
  permission: 'member',
  args: [{ name: 'motion', positional: true, type: 'string', required: true, suggest: 'motion' }],
  schema: z.object({ motion: z.string().max(120) }),
  async handler(ctx, args) {
    const src = await resolveMotion(ctx.deps.store.read, ctx.room, args.motion);
    if (!src.ok) return src;
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'forward', title: src.value.motion.title, body: src.value.motion.body });
    if (!r.ok) return r;
    return ok(reply(personal(`Motion #${r.value.number} moved`, `Forward "${r.value.title}" to the local assembly.`, { tone: 'success' })));
  },
});

export const circleCommands = [circleCreate, circleForward];
