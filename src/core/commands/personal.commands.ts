import { z } from 'zod';
import { personal } from '../messages/message.js';
import type { PendingMotion } from '../ports/store.port.js';
import { existingPerson, personFor } from '../services/identity.service.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply, speechOf } from './command.js';
import { zText } from './args.js';
import { methodName } from '../messages/motion-messages.js';
import type { Speech } from '../i18n/speech.js';
import { LANGUAGES, languageOf, parseLanguageTag, parseTimeZone, personalSpeech, speechFor } from '../i18n/index.js';

/** Lines in one `pending` answer; the rest are counted, not listed (a chat message has its limits). */
export const PENDING_SHOWN = 25;

function pendingLine(t: Speech, now: Date, { motion, assemblyName }: PendingMotion): string {
  const when = motion.closesAt ? t.t('pending.closes', { deadline: t.deadline(motion.closesAt, now) }) : t.t('pending.noDeadline');
  return t.t('pending.line', { assembly: assemblyName, number: motion.number, title: motion.title, method: methodName(t, motion.method), secret: motion.secret ? 'yes' : 'no', when });
}

export const pendingCommand = defineCommand({
  path: ['pending'],
  permission: 'anyone',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const reads = ctx.deps.store.read;
    const person = await existingPerson(reads, ctx.actor);
    const list = person ? await reads.pendingFor(person.id, PENDING_SHOWN + 1) : [];
    const t = speechOf(ctx);
    if (list.length === 0) return ok(reply(personal(t.t('pending.none.title'), t.t('pending.none.body'), { tone: 'success' })));
    const now = ctx.deps.clock.now();
    const shown = list.slice(0, PENDING_SHOWN).map((p) => pendingLine(t, now, p));
    if (list.length > PENDING_SHOWN) shown.push(t.t('pending.more'));
    const title = list.length > PENDING_SHOWN ? t.t('pending.titleMore', { count: PENDING_SHOWN }) : t.t('pending.title', { count: list.length });
    return ok(reply(personal(title, shown.join('\n'))));
  },
});


export const remindCommand = defineCommand({
  path: ['remind'],
  permission: 'anyone',
  args: [{ name: 'setting', positional: true, type: 'choice', choices: ['on', 'off'], required: true }],
  schema: z.object({ setting: z.enum(['on', 'off']) }),
  async handler(ctx, args) {
    const on = args.setting === 'on';
    await ctx.deps.store.transaction(async (tx) => {
      await personFor(tx, ctx.actor);
      await tx.setRemind(ctx.actor.platform, ctx.actor.externalId, on);
    });
    const t = speechOf(ctx);
    return ok(reply(personal(on ? t.t('remind.on.title') : t.t('remind.off.title'), on ? t.t('remind.on.body') : t.t('remind.off.body'), { tone: 'success' })));
  },
});

/** `default` (or `auto`) clears the choice: back to the platform's locale or the assembly's. */
const DEFAULT_WORDS = ['default', 'auto', 'none', 'off'];

export const languageCommand = defineCommand({
  path: ['language'],
  permission: 'anyone',
  args: [{ name: 'tag', positional: true, type: 'string', required: true }],
  schema: z.object({ tag: zText(100) }),
  async handler(ctx, args) {
    const clear = DEFAULT_WORDS.includes(args.tag.trim().toLowerCase());
    const tag = clear ? null : parseLanguageTag(args.tag);
    if (tag && !tag.ok) return tag;
    const language = tag ? tag.value : null;
    await ctx.deps.store.transaction(async (tx) => {
      await personFor(tx, ctx.actor);
      await tx.setSpeechPreference(ctx.actor.platform, ctx.actor.externalId, { language });
    });
    ctx.deps.cache.clear();
    // Answered in the language just chosen.
    const t = language ? personalSpeech({ language, timeZone: null }, undefined, { timeZone: speechOf(ctx).timeZone }) : speechOf(ctx, 'public');
    return ok(reply(language ? personal(t.t('language.set.title', { name: LANGUAGES[languageOf(language)] }), t.t('language.set.body', { tag: language }), { tone: 'success' }) : personal(t.t('language.default.title'), t.t('language.default.body'), { tone: 'success' })));
  },
});

export const timezoneCommand = defineCommand({
  path: ['timezone'],
  permission: 'anyone',
  args: [{ name: 'zone', positional: true, type: 'string', required: true }],
  schema: z.object({ zone: zText(100) }),
  async handler(ctx, args) {
    const clear = DEFAULT_WORDS.includes(args.zone.trim().toLowerCase());
    const zone = clear ? null : parseTimeZone(args.zone);
    if (zone && !zone.ok) return zone;
    const timeZone = zone ? zone.value : null;
    await ctx.deps.store.transaction(async (tx) => {
      await personFor(tx, ctx.actor);
      await tx.setSpeechPreference(ctx.actor.platform, ctx.actor.externalId, { timeZone });
    });
    ctx.deps.cache.clear();
    const mine = speechOf(ctx);
    const t = timeZone ? speechFor(mine.locale, timeZone) : mine;
    return ok(reply(timeZone ? personal(t.t('timezone.set.title', { zone: timeZone }), t.t('timezone.set.body', { now: ctx.deps.clock.now() }), { tone: 'success' }) : personal(t.t('timezone.default.title'), t.t('timezone.default.body'), { tone: 'success' })));
  },
});

export const personalCommands = [pendingCommand, remindCommand, languageCommand, timezoneCommand];
