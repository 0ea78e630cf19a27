import { z } from 'zod';
import { defineCommand, reply, speechOf } from '../commands/command.js';
import { zBool, zText } from '../commands/args.js';
import { personal, type MessageField } from '../messages/message.js';
import { lineDiff } from '../relay/diff.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { parseMotionRef } from '../services/motion-ref.js';
import { ok } from '../shared/result.js';
import { findLaw } from './law-book.js';
import { currentVersion, type Law, type LawNote } from './model.js';
import { errT } from '../i18n/localized.js';
import type { Speech } from '../i18n/speech.js';
import { isMessageId } from '../i18n/catalogues.js';
import { storedText } from '../i18n/stored.js';

const origin = (t: Speech, law: Law): string =>
  law.source
    ? t.t('law.origin.federation', { proposal: law.source.proposalRef, federation: law.source.federationName, motion: law.source.acceptedByMotion !== null ? String(law.source.acceptedByMotion) : 'none' })
    : t.t('law.origin.motion', { motion: String(law.versions[0]?.motionNumber ?? '?') });

export const lawList = defineCommand({
  path: ['law', 'list'],
  permission: 'in-assembly-room',
  args: [{ name: 'all', type: 'boolean' }],
  schema: z.object({ all: zBool.optional() }),
  async handler(ctx, args) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    if (a.value.kind !== 'local') return errT('bad-input', 'law.refused.notLocal', { assembly: a.value.name });
    const t = speechOf(ctx);
    const laws = await ctx.deps.store.read.laws.laws(a.value.id, args.all === true);
    const lines = laws.map((l) => t.t('law.list.line', { number: l.number, title: currentVersion(l).title, origin: origin(t, l), versions: l.versions.length, repealedBy: l.status === 'repealed' ? String(l.repealedByMotion ?? '?') : 'none' }));
    return ok(reply(personal(t.t('law.list.title', { assembly: a.value.name, all: args.all === true ? 'yes' : 'no' }), lines.join('\n') || t.t('law.list.none'))));
  },
});

const noteLine = (t: Speech, n: LawNote): string => t.t('law.note', { at: t.date(n.at), kind: n.kind === 'report' ? 'report' : n.kind === 'annulment' ? 'annulment' : 'require_leave', text: storedText(t, n.text, n.payload.message) });

export const lawShow = defineCommand({
  path: ['law', 'show'],
  permission: 'anyone',
  args: [{ name: 'law', positional: true, type: 'string', required: true }],
  schema: z.object({ law: zText(120) }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const ref = parseMotionRef(args.law);
    const here = ref.ok && ref.value.assemblyName !== null ? await reads.assemblyByName(ref.value.assemblyName) : null;
    const room = here ? ok(here) : await assemblyOfRoom(reads, ctx.room);
    const l = room.ok ? undefined : room.error.localized;
    if (!room.ok) return errT(room.error.code, 'law.refused.fromElsewhere', { reason: l && isMessageId(l.id) ? speechOf(ctx).render({ id: l.id, params: l.params }) : room.error.message });
    const found = await findLaw(reads, room.value, args.law);
    if (!found.ok) return found;
    const { law, owner } = found.value;
    const now = currentVersion(law);
    const t = speechOf(ctx);
    const fields: MessageField[] = [
      { name: t.t('law.field.status'), value: law.status === 'in-force' ? t.t('law.show.inForce') : t.t('law.show.repealed', { motion: String(law.repealedByMotion ?? '?'), at: law.repealedAt ? t.date(law.repealedAt) : '?' }), inline: true },
      { name: t.t('law.field.passed'), value: t.t('law.show.passed', { at: t.date(law.passedAt), origin: origin(t, law) }), inline: true },
    ];
    if (law.source) fields.push({ name: t.t('law.field.fromFederation'), value: t.t('law.show.source', { proposal: law.source.proposalRef, version: law.source.proposalVersion, federation: law.source.federationName, owner: owner.name, motion: law.source.acceptedByMotion !== null ? String(law.source.acceptedByMotion) : 'none' }) });
    for (const [i, v] of law.versions.entries()) {
      const prev = law.versions[i - 1];
      if (!prev) continue;
      fields.push({ name: t.t('law.show.version', { version: v.version, motion: v.motionNumber === null ? 'none' : String(v.motionNumber), at: t.date(new Date(v.at)) }), value: lineDiff(prev.text, v.text) });
    }
    const notes = await reads.laws.notes(law.id);
    if (notes.length > 0) fields.push({ name: t.t('law.field.notes'), value: notes.map((n) => noteLine(t, n)).join('\n') });
    return ok(reply(personal(t.t('law.show.title', { owner: owner.name, number: law.number, title: now.title }), now.text, { fields })));
  },
});

export const lawCommands = [lawList, lawShow];
