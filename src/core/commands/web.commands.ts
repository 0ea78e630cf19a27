import { z } from 'zod';
import { personal } from '../messages/message.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply, speechOf } from './command.js';
import { errT } from '../i18n/localized.js';

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
    if (!web) return errT('unavailable', 'web.refused.none');
    const reads = ctx.deps.store.read;
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    if (a.value.policy.webVisibility === 'off') return errT('unavailable', 'web.refused.off', { assembly: a.value.name });
    const person = await reads.personByAccount(ctx.actor.platform, ctx.actor.externalId);
    if (!person) return errT('not-member', 'web.refused.notMember', { assembly: a.value.name });
    const link = web.personalLink(person.id, a.value.id);
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('web.link.title', { assembly: a.value.name }), t.t('web.link.body', { expires: link.expiresAt, url: link.url }))));
  },
});

export const webCommands = [webCommand];
