import { z } from 'zod';
import { personal } from '../messages/message.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { err, ok } from '../shared/result.js';
import { defineCommand, reply } from './command.js';

/**
 * `web`: a member's personal link to the assembly's pages in the web view. The
 * reply is personal (ephemeral on Discord, a direct reply elsewhere): the link
 * carries a short-lived signed token that lets its holder see what members see.
 */
export const webCommand = defineCommand({
  path: ['web'],
  permission: 'member',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const web = ctx.deps.web;
    if (!web) return err('unavailable', 'This Plenary has no web view configured (its operator sets PLENARY_WEB_URL).');
    const reads = ctx.deps.store.read;
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    if (a.value.policy.webVisibility === 'off') return err('unavailable', `${a.value.name} keeps its pages off the web (web-visibility off); a policy motion can change that.`);
    const person = await reads.personByAccount(ctx.actor.platform, ctx.actor.externalId);
    if (!person) return err('not-member', `You are not a member of ${a.value.name}.`);
    const link = web.personalLink(person.id, a.value.id);
    return ok(reply(personal(`${a.value.name} on the web`, `Your personal link (do not share it; it works until ${link.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC):\n${link.url}`)));
  },
});

export const webCommands = [webCommand];
