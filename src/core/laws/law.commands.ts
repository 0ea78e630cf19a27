import { z } from 'zod';
import { defineCommand, reply } from '../commands/command.js';
import { zBool, zText } from '../commands/args.js';
import { personal, type MessageField } from '../messages/message.js';
import { lineDiff } from '../relay/diff.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { parseMotionRef } from '../services/motion-ref.js';
import { err, ok } from '../shared/result.js';
import { findLaw } from './law-book.js';
import { currentVersion, type Law, type LawNote } from './model.js';

const origin = (law: Law): string =>
  law.source ? `${law.source.proposalRef} of ${law.source.federationName}, accepted${law.source.acceptedByMotion !== null ? ` by motion #${law.source.acceptedByMotion}` : ''} and adopted` : `motion #${law.versions[0]?.motionNumber ?? '?'}`;

export const lawList = defineCommand({
  path: ['law', 'list'],
  permission: 'in-assembly-room',
  args: [{ name: 'all', type: 'boolean' }],
  schema: z.object({ all: zBool.optional() }),
  async handler(ctx, args) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    if (a.value.kind !== 'local') return err('bad-input', `${a.value.name} keeps no law book: only a local assembly makes laws (a circle decides routine matters within them).`);
    const laws = await ctx.deps.store.read.laws.laws(a.value.id, args.all === true);
    const lines = laws.map((l) => `${l.number}. ${currentVersion(l).title} (${origin(l)}${l.versions.length > 1 ? `; version ${l.versions.length}` : ''})${l.status === 'repealed' ? ` [repealed by motion #${l.repealedByMotion ?? '?'}]` : ''}`);
    return ok(reply(personal(`${a.value.name}: laws${args.all === true ? ' (with the repealed)' : ' in force'}`, lines.join('\n') || 'None yet: a resolution that passes here becomes a law.')));
  },
});

const noteLine = (n: LawNote): string => `${n.at.toISOString().slice(0, 10)} ${n.kind === 'report' ? 'report' : n.kind === 'annulment' ? 'annulled' : 'required to leave'}: ${n.text}`;

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
    if (!room.ok) return err(room.error.code, `${room.error.message} (From elsewhere, name the assembly: Town#3.)`);
    const found = await findLaw(reads, room.value, args.law);
    if (!found.ok) return found;
    const { law, owner } = found.value;
    const now = currentVersion(law);
    const fields: MessageField[] = [
      { name: 'Status', value: law.status === 'in-force' ? 'in force' : `repealed by motion #${law.repealedByMotion ?? '?'} on ${law.repealedAt?.toISOString().slice(0, 10) ?? '?'}`, inline: true },
      { name: 'Passed', value: `${law.passedAt.toISOString().slice(0, 10)}, ${origin(law)}`, inline: true },
    ];
    if (law.source) fields.push({ name: 'From the federation', value: `${law.source.proposalRef} v${law.source.proposalVersion} of ${law.source.federationName}, ${law.source.acceptedByMotion !== null ? `accepted by ${owner.name}'s motion #${law.source.acceptedByMotion} (\`motion show ${law.source.acceptedByMotion}\`)` : `accepted by ${owner.name} (no response motion of its own is on record)`}; repealing it here withdraws ${owner.name}'s acceptance there.` });
    for (const [i, v] of law.versions.entries()) {
      const prev = law.versions[i - 1];
      if (!prev) continue;
      fields.push({ name: `Version ${v.version} (${v.motionNumber === null ? 'the federation\'s new version' : `motion #${v.motionNumber}`}, ${v.at.slice(0, 10)})`, value: lineDiff(prev.text, v.text) });
    }
    const notes = await reads.laws.notes(law.id);
    if (notes.length > 0) fields.push({ name: 'Kept under this law', value: notes.map(noteLine).join('\n') });
    return ok(reply(personal(`${owner.name} · Law ${law.number}: ${now.title}`, now.text, { fields })));
  },
});

export const lawCommands = [lawList, lawShow];
