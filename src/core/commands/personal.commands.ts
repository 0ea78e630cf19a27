import { z } from 'zod';
import { personal } from '../messages/message.js';
import type { PendingMotion } from '../ports/store.port.js';
import { existingPerson, personFor } from '../services/identity.service.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply } from './command.js';

/** Lines in one `pending` answer; the rest are counted, not listed (a chat message has its limits). */
export const PENDING_SHOWN = 25;

const when = (d: Date | null): string => (d ? `closes ${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'no deadline');

function pendingLine({ motion, assemblyName }: PendingMotion): string {
  return `${assemblyName}#${motion.number} · ${motion.title} · ${motion.method}${motion.secret ? ', secret' : ''} · ${when(motion.closesAt)}`;
}

export const pendingCommand = defineCommand({
  path: ['pending'],
  summary: 'Open motions still waiting for your vote',
  help: 'Lists, only to you, the open motions you have not voted on yet in every assembly you are a member of (as a delegate, your assembly of delegates too), the one closing first on top. Each is named Assembly#number, which you can vote on from anywhere.',
  permission: 'anyone',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const reads = ctx.deps.store.read;
    const person = await existingPerson(reads, ctx.actor);
    const list = person ? await reads.pendingFor(person.id, PENDING_SHOWN + 1) : [];
    if (list.length === 0) return ok(reply(personal('Nothing waits for your vote', 'You have voted on every open motion of your assemblies.', { tone: 'success' })));
    const shown = list.slice(0, PENDING_SHOWN).map(pendingLine);
    if (list.length > PENDING_SHOWN) shown.push(`… and more: vote on these first, then ask again.`);
    const count = list.length > PENDING_SHOWN ? `more than ${PENDING_SHOWN}` : String(list.length);
    return ok(reply(personal(`${count} open motion(s) wait for your vote`, shown.join('\n'))));
  },
});


export const remindCommand = defineCommand({
  path: ['remind'],
  summary: 'Reminders to vote by direct message, on or off',
  help: 'With `on`, the bot sends you a direct message on this account before a motion of your assemblies closes while you have not voted on it, at the times each assembly sets (`assembly policy reminders`, e.g. 24,1 hours before). Nobody else learns whether you voted. `off` stops them.',
  examples: ['remind on', 'remind off'],
  permission: 'anyone',
  args: [{ name: 'setting', description: 'on or off', positional: true, type: 'choice', choices: ['on', 'off'], required: true }],
  schema: z.object({ setting: z.enum(['on', 'off']) }),
  async handler(ctx, args) {
    const on = args.setting === 'on';
    await ctx.deps.store.transaction(async (tx) => {
      await personFor(tx, ctx.actor);
      await tx.setRemind(ctx.actor.platform, ctx.actor.externalId, on);
    });
    return ok(reply(personal(on ? 'Reminders on' : 'Reminders off', on ? 'Before a motion of your assemblies closes while you have not voted, you get a direct message here, at the times each assembly sets (its rooms are reminded too).' : 'No more direct reminders on this account. Assemblies may still remind in their rooms.', { tone: 'success' })));
  },
});

export const personalCommands = [pendingCommand, remindCommand];
