import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { zText } from '../commands/args.js';
import { defineCommand, reply, speechOf } from '../commands/command.js';
import { propose, resolveMotion } from '../services/motion.service.js';
import { ok } from '../shared/result.js';
import { createCircle } from './circles.js';

export const circleCreate = defineCommand({
  path: ['circle', 'create'],
  summary: 'Make this channel, thread or room a circle of a local assembly',
  help: "A circle (a workplace, a neighbourhood) decides its own routine matters; its members are members of the local assembly who join it (and stop being members when they leave it). A facilitator of the local assembly creates it. It can forward motions to the local assembly's agenda.",
  permission: 'room-admin',
  args: [
    { name: 'name', description: 'the circle name', positional: true, rest: true, type: 'string', required: true },
    { name: 'assembly', description: 'the local assembly it belongs to', type: 'string', required: true, suggest: 'assembly' },
  ],
  schema: z.object({ name: zText(200), assembly: zText(200) }),
  async handler(ctx, args) {
    const r = await createCircle(ctx.deps, ctx.actor, ctx.room, args.name, args.assembly);
    if (!r.ok) return r;
    const t = speechOf(ctx, 'public');
    return ok(reply(publicMessage(t.t('fed.circle.created.title', { circle: r.value.circle.name, local: r.value.local.name }), t.t('fed.circle.created.body'), { tone: 'success' })));
  },
});

export const circleForward = defineCommand({
  path: ['circle', 'forward'],
  summary: "Move that a motion's text goes to the local assembly's agenda",
  help: 'In a circle: moves a forward motion; if the circle passes it, the text becomes a motion of the local assembly under its own rules.',
  permission: 'member',
  args: [{ name: 'motion', description: 'the circle motion whose text to forward', positional: true, type: 'string', required: true, suggest: 'motion' }],
  schema: z.object({ motion: z.string().max(120) }),
  async handler(ctx, args) {
    const src = await resolveMotion(ctx.deps.store.read, ctx.room, args.motion);
    if (!src.ok) return src;
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'forward', title: src.value.motion.title, body: src.value.motion.body });
    if (!r.ok) return r;
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('fed.motionMoved', { number: r.value.number }), t.t('fed.circle.forward.body', { title: r.value.title }), { tone: 'success' })));
  },
});

export const circleCommands = [circleCreate, circleForward];
