import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { zText } from '../commands/args.js';
import { defineCommand, reply, speechOf } from '../commands/command.js';
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
    const t = speechOf(ctx, 'public');
    return ok(reply(publicMessage(t.t('fed.circle.created.title', { circle: r.value.circle.name, local: r.value.local.name }), t.t('fed.circle.created.body'), { tone: 'success' })));
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
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('fed.motionMoved', { number: r.value.number }), t.t('fed.circle.forward.body', { title: r.value.title }), { tone: 'success' })));
  },
});

export const circleCommands = [circleCreate, circleForward];
