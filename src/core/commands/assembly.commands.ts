import { z } from 'zod';
import { personal, publicMessage } from '../messages/message.js';
import { formatRatio, kindDefaults, MOTION_KINDS } from '../model/policy.js';
import { applyPolicyChange, assemblyOfRoom, isFacilitator, lockedAssemblyOfRoom, POLICY_KEYS, setupAssembly } from '../services/assembly.service.js';
import { personFor } from '../services/identity.service.js';
import { err, ok } from '../shared/result.js';
import { zBool, zText } from './args.js';
import { defineCommand, reply } from './command.js';

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
    return ok(
      reply(
        publicMessage(
          created ? `${assembly.name} is now an assembly` : `This room is now part of ${assembly.name}`,
          created
            ? 'Members join with `join`, move motions with `motion propose`, and vote with `vote`. Facilitators adjust the rules with `assembly policy`. Type `help` for every command.'
            : 'Announcements of this assembly now reach this room too.',
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
    const defaults = MOTION_KINDS.filter((k) => ctx.deps.kinds.has(k)).map((k) => {
      const d = kindDefaults(p, k);
      return `${k}: quorum ${formatRatio(d.quorum)}, threshold ${formatRatio(d.threshold)}, ${d.votingHours} h${d.secret ? ', secret' : ''}`;
    });
    return ok(
      reply(
        personal(assembly.name, p.valuesStatement ? `Values: ${p.valuesStatement}` : undefined, {
          fields: [
            { name: 'Kind', value: `${assembly.kind} (level ${assembly.level})`, inline: true },
            { name: 'Members', value: `${active} active, ${pending} waiting`, inline: true },
            { name: 'Admission', value: p.electorateRole ? `holders of the role ${p.electorateRole}` : p.admission, inline: true },
            { name: 'Seconds required', value: String(p.secondsRequired), inline: true },
            { name: 'Early close', value: p.earlyClose ? 'when everyone has voted' : 'never', inline: true },
            { name: 'Record checkpoint', value: p.checkpointHours === 0 ? 'only with results' : `every ${p.checkpointHours} h when the record changed`, inline: true },
            { name: 'Deadline extensions', value: p.extendHours === 0 ? 'never' : `up to ${p.extendHours} h per motion`, inline: true },
            { name: 'Reminders', value: p.reminders.length === 0 ? 'none' : p.reminders.map((h) => `${h} h`).join(', ') + ' before the close', inline: true },
            { name: 'Discussion threads', value: p.threads ? 'on' : 'off', inline: true },
            { name: 'Language', value: p.language, inline: true },
            { name: 'Time zone', value: p.timeZone, inline: true },
            { name: 'Web view', value: p.webVisibility, inline: true },
            { name: 'Rooms', value: bindings.map((b) => `${b.platform}: ${b.roomId}`).join('\n') || '—' },
            { name: 'Defaults per motion kind', value: defaults.join('\n') },
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
      if (!(await isFacilitator(tx, a.value, ctx.actor))) return err('forbidden', 'Only facilitators can change settings directly; members can move a policy motion.');
      const next = applyPolicyChange(a.value.policy, args.key, args.value, args.kind);
      if (!next.ok) return next;
      const me = await personFor(tx, ctx.actor);
      await tx.updatePolicy(a.value.id, next.value);
      await tx.appendEvent(a.value.id, { type: 'policy.changed', actorId: me.id, payload: { key: args.key, value: args.value, ...(args.kind ? { forKind: args.kind } : {}) } }, ctx.deps.clock.now());
      return ok(reply(publicMessage(`${a.value.name}: ${args.key}${args.kind ? ` (${args.kind})` : ''} set`, `New value: ${args.value}`, { tone: 'success' })));
    });
    // This process's read cache forgets the old settings now; other processes hear it from the store.
    if (changed.ok) ctx.deps.cache.clear();
    return changed;
  },
});

export const assemblyCommands = [assemblySetup, assemblyShow, assemblyPolicy];
