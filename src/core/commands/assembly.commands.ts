import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { formatRatio, kindDefaults, MOTION_KINDS } from '../model/policy.js';
import { applyPolicyChange, assemblyOfRoom, isFacilitator, lockedAssemblyOfRoom, POLICY_KEYS, setupAssembly } from '../services/assembly.service.js';
import { personFor } from '../services/identity.service.js';
import { ok } from '../shared/result.js';
import { zBool, zText } from './args.js';
import { defineCommand, reply, speechOf } from './command.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';

export const assemblySetup = defineCommand({
  path: ['assembly', 'setup'],
  permission: 'room-admin',
  args: [
    { name: 'name', positional: true, rest: true, type: 'string', required: true },
    { name: 'existing', type: 'boolean' },
  ],
  schema: z.object({ name: zText(200), existing: zBool.optional() }),
  async handler(ctx, args) {
    const r = await setupAssembly(ctx.deps, ctx.actor, ctx.room, args.name, args.existing ?? false);
    if (!r.ok) return r;
    const { assembly, created } = r.value;
    // The room hears it as the assembly speaks (a new one: English until its policy says otherwise).
    const t = roomSpeech(assembly.policy);
    return ok(
      reply(
        publicMessage(
          created ? t.t('assembly.setup.created.title', { assembly: assembly.name }) : t.t('assembly.setup.bound.title', { assembly: assembly.name }),
          created ? t.t('assembly.setup.created.body') : t.t('assembly.setup.bound.body'),
          { tone: 'success' },
        ),
      ),
    );
  },
});

export const assemblyShow = defineCommand({
  path: ['assembly', 'show'],
  permission: 'in-assembly-room',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const reads = ctx.deps.store.read;
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const assembly = a.value;
    const [active, pending, bindings] = await Promise.all([reads.countMembers(assembly.id, 'active'), reads.countMembers(assembly.id, 'pending'), reads.bindingsOf(assembly.id)]);
    const p = assembly.policy;
    const t = speechOf(ctx);
    const defaults = MOTION_KINDS.filter((k) => ctx.deps.kinds.has(k)).map((k) => {
      const d = kindDefaults(p, k);
      return t.t('assembly.show.default', { kind: k, quorum: formatRatio(d.quorum), threshold: formatRatio(d.threshold), hours: d.votingHours, secret: d.secret ? 'yes' : 'no' });
    });
    return ok(
      reply(
        personal(assembly.name, p.valuesStatement ? t.t('assembly.show.values', { values: p.valuesStatement }) : undefined, {
          fields: [
            { name: t.t('assembly.field.kind'), value: t.t('assembly.show.kind', { kind: assembly.kind, level: assembly.level }), inline: true },
            { name: t.t('assembly.field.members'), value: t.t('assembly.show.members', { active, pending }), inline: true },
            { name: t.t('assembly.field.admission'), value: p.electorateRole ? t.t('assembly.show.roleHolders', { role: p.electorateRole }) : t.t('assembly.show.admission', { admission: p.admission }), inline: true },
            { name: t.t('assembly.field.seconds'), value: String(p.secondsRequired), inline: true },
            { name: t.t('assembly.field.earlyClose'), value: t.t('assembly.show.earlyClose', { on: p.earlyClose ? 'yes' : 'no' }), inline: true },
            { name: t.t('assembly.field.checkpoint'), value: t.t('assembly.show.checkpoint', { hours: p.checkpointHours }), inline: true },
            { name: t.t('assembly.field.extensions'), value: t.t('assembly.show.extensions', { hours: p.extendHours }), inline: true },
            { name: t.t('assembly.field.reminders'), value: p.reminders.length === 0 ? t.t('assembly.show.noReminders') : t.t('assembly.show.reminders', { hours: p.reminders.map((h) => `${h} h`).join(', ') }), inline: true },
            { name: t.t('assembly.field.threads'), value: t.t('assembly.show.threads', { on: p.threads ? 'yes' : 'no' }), inline: true },
            { name: t.t('assembly.field.language'), value: p.language, inline: true },
            { name: t.t('assembly.field.timeZone'), value: p.timeZone, inline: true },
            { name: t.t('assembly.field.web'), value: t.t('assembly.show.web', { visibility: p.webVisibility }), inline: true },
            { name: t.t('assembly.field.rooms'), value: bindings.map((b) => `${b.platform}: ${b.roomId}`).join('\n') || '—' },
            { name: t.t('assembly.field.defaults'), value: defaults.join('\n') },
          ],
        }),
      ),
    );
  },
});

export const assemblyPolicy = defineCommand({
  path: ['assembly', 'policy'],
  permission: 'facilitator',
  args: [
    { name: 'key', positional: true, type: 'choice', choices: POLICY_KEYS, required: true },
    { name: 'value', positional: true, rest: true, type: 'string', required: true },
    { name: 'kind', type: 'choice', choices: MOTION_KINDS },
  ],
  schema: z.object({ key: z.enum(POLICY_KEYS), value: zText(2000), kind: z.enum(MOTION_KINDS).optional() }),
  async handler(ctx, args) {
    const changed = await ctx.deps.store.transaction(async (tx) => {
      // Locked before the policy is read: two changes at once apply one after the other, none is lost.
      const a = await lockedAssemblyOfRoom(tx, ctx.room);
      if (!a.ok) return a;
      if (!(await isFacilitator(tx, a.value, ctx.actor))) return errT('forbidden', 'assembly.policy.refused.facilitators');
      const next = applyPolicyChange(a.value.policy, args.key, args.value, args.kind);
      if (!next.ok) return next;
      const me = await personFor(tx, ctx.actor);
      await tx.updatePolicy(a.value.id, next.value);
      await tx.appendEvent(a.value.id, { type: 'policy.changed', actorId: me.id, payload: { key: args.key, value: args.value, ...(args.kind ? { forKind: args.kind } : {}) } }, ctx.deps.clock.now());
      // Said as the assembly now speaks: `assembly policy language es` is answered in Spanish.
      const t = roomSpeech(next.value);
      return ok(reply(publicMessage(t.t('assembly.policy.set.title', { assembly: a.value.name, key: args.key, kind: args.kind ?? 'none' }), t.t('assembly.policy.set.body', { value: args.value }), { tone: 'success' })));
    });
    // This process's read cache forgets the old settings now; other processes hear it from the store.
    if (changed.ok) ctx.deps.cache.clear();
    return changed;
  },
});

export const assemblyCommands = [assemblySetup, assemblyShow, assemblyPolicy];
