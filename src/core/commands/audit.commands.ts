import { z } from 'zod';
import { formatHead, type WitnessedHead } from '../events/witness.js';
import { personal } from '../messages/message.js';
import type { Assembly } from '../model/entities.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { auditAssembly, auditIsClean, exportAssembly, type AssemblyAudit } from '../services/audit.service.js';
import { checkpointMessage, markCheckpointPosted } from '../services/checkpoint.service.js';
import { assemblyResultsCsv } from '../services/results-csv.js';
import type { CoreDeps } from '../services/deps.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply, speechOf } from './command.js';
import { roomSpeech } from '../i18n/audience.js';
import { errT } from '../i18n/localized.js';
import type { Speech } from '../i18n/speech.js';

/** How many of its own recent messages per room the bot reads back for heads. */
const HISTORY_LIMIT = 1000;

/** Heads the bot posted in the assembly's rooms, read from each platform's history; rooms it cannot read are named. */
async function witnessedHeads(deps: CoreDeps, assemblyId: Assembly['id']): Promise<{ heads: WitnessedHead[]; unread: string[]; rooms: number }> {
  const heads: WitnessedHead[] = [];
  const unread: string[] = [];
  let rooms = 0;
  for (const b of await deps.store.read.bindingsOf(assemblyId)) {
    const source = deps.witnesses?.get(b.platform);
    if (!source) continue;
    try {
      heads.push(...(await source.headsPosted(b, HISTORY_LIMIT)));
      rooms++;
    } catch (e) {
      deps.log.warn({ err: e, platform: b.platform, room: b.roomId }, 'could not read a room history for audit verify');
      unread.push(`${b.platform} room ${b.roomId}`);
    }
  }
  return { heads, unread, rooms };
}

export const auditVerify = defineCommand({
  path: ['audit', 'verify'],
  permission: 'member',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const w = await witnessedHeads(ctx.deps, a.value.id);
    const r = await auditAssembly(ctx.deps.store.read, a.value, undefined, w.heads);
    const good = auditIsClean(r);
    const t = speechOf(ctx);
    const lines = [
      t.t('audit.events', { events: r.events, problems: r.chain.length }),
      t.t('audit.recounted', { recounted: r.motionsRecounted, mismatches: r.mismatches.length }),
      witnessLine(t, r, w.rooms),
      ...(r.unsettled ? [t.t('audit.unsettled')] : []),
      ...w.unread.map((room) => t.t('audit.unread', { room })),
      ...r.chain.slice(0, 10).map((p) => t.t('audit.eventProblem', { seq: p.seq, problem: p.problem })),
      ...r.mismatches.slice(0, 10).map((m) => t.t('audit.motionProblem', { motion: m.motion, problem: m.problem })),
      t.t('audit.head', { head: formatHead(a.value.name, r.head) }),
    ];
    return ok(reply(personal(good ? t.t('audit.verified', { assembly: a.value.name }) : t.t('audit.notVerified', { assembly: a.value.name }), lines.join('\n'), { tone: good ? 'success' : 'error' })));
  },
});

function witnessLine(t: Speech, r: AssemblyAudit, rooms: number): string {
  const w = r.witness;
  if (!w) return t.t('audit.witness.none', { rooms });
  if (w.firstDifference) return t.t('audit.witness.differs', { seq: w.firstDifference.seq, agrees: w.lastAgreement !== null ? String(w.lastAgreement) : 'none', problem: w.firstDifference.problem });
  return t.t('audit.witness.agree', { checked: w.checked, rooms });
}

export const auditCheckpoint = defineCommand({
  path: ['audit', 'checkpoint'],
  permission: 'member',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const head = await ctx.deps.store.read.chainHead(a.value.id);
    if (!head || head.seq === 0) return errT('not-found', 'audit.refused.noEvents', { assembly: a.value.name });
    const t = speechOf(ctx);
    const posted = await witnessedHeads(ctx.deps, a.value.id);
    if (posted.heads.some((h) => h.seq === head.seq && head.hash.startsWith(h.hash))) {
      return ok(reply(personal(t.t('audit.checkpoint.already.title'), t.t('audit.checkpoint.already.body', { head: formatHead(a.value.name, head) }))));
    }
    // Keyed by the head: asking again before anything new is recorded posts nothing more.
    await ctx.deps.announcer.announce(a.value.id, checkpointMessage(a.value.name, head, roomSpeech(a.value.policy)), `audit-checkpoint:${a.value.id}:${head.seq}`);
    // The periodic checkpoint counts from here: the next is due checkpoint-hours after this one, and only if the record moves.
    const now = ctx.deps.clock.now();
    await ctx.deps.store.transaction(async (tx) => {
      const locked = await tx.lockAssembly(a.value.id);
      if (locked) await markCheckpointPosted(tx, locked.id, locked.policy.checkpointHours, head, now);
    });
    return ok(reply(personal(t.t('audit.checkpoint.posted'), formatHead(a.value.name, head))));
  },
});

export const auditExport = defineCommand({
  path: ['audit', 'export'],
  permission: 'member',
  args: [{ name: 'format', type: 'choice', choices: ['jsonl', 'csv'] }],
  schema: z.object({ format: z.enum(['jsonl', 'csv']).optional() }),
  async handler(ctx, args) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const t = speechOf(ctx);
    const base = a.value.name.replace(/[^\w.-]+/g, '-').slice(0, 60);
    if (args.format === 'csv') {
      const motions = await ctx.deps.store.read.motions(a.value.id);
      return ok(reply(personal(t.t('audit.csv.title', { assembly: a.value.name }), t.t('audit.csv.body', { count: motions.length }), { attachment: { filename: `${base}-results.csv`, content: assemblyResultsCsv(a.value, motions) } })));
    }
    const lines: string[] = [];
    for await (const line of exportAssembly(ctx.deps.store.read, a.value)) lines.push(line);
    return ok(reply(personal(t.t('audit.export.title', { assembly: a.value.name }), t.t('audit.export.body', { count: lines.length }), { attachment: { filename: `${base}-record.jsonl`, content: lines.join('\n') + '\n' } })));
  },
});

export const auditCommands = [auditVerify, auditExport, auditCheckpoint];
