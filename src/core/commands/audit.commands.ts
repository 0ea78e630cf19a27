import { z } from 'zod';
import { formatHead, type WitnessedHead } from '../events/witness.js';
import { personal } from '../messages/message.js';
import type { Assembly } from '../model/entities.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { auditAssembly, auditIsClean, exportAssembly, type AssemblyAudit } from '../services/audit.service.js';
import { checkpointMessage, markCheckpointPosted } from '../services/checkpoint.service.js';
import { assemblyResultsCsv } from '../services/results-csv.js';
import type { CoreDeps } from '../services/deps.js';
import { err, ok } from '../shared/result.js';
import { defineCommand, reply } from './command.js';

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
    const lines = [
      `${r.events} events checked: ${r.chain.length === 0 ? 'the chain is intact and reaches its head' : `${r.chain.length} problem(s)`}`,
      `${r.motionsRecounted} closed motions recounted, every motion compared with the record: ${r.mismatches.length === 0 ? 'all match' : `${r.mismatches.length} mismatch(es)`}`,
      witnessLine(r, w.rooms),
      ...(r.unsettled ? ['• the record kept changing while it was checked (members voting?): the problems below may be changes made meanwhile; run it again'] : []),
      ...w.unread.map((room) => `• could not read the history of ${room}`),
      ...r.chain.slice(0, 10).map((p) => `• event #${p.seq}: ${p.problem}`),
      ...r.mismatches.slice(0, 10).map((m) => `• motion #${m.motion}: ${m.problem}`),
      `Head now: ${formatHead(a.value.name, r.head)}`,
    ];
    return ok(reply(personal(good ? `${a.value.name}: record verified` : `${a.value.name}: the record does NOT verify`, lines.join('\n'), { tone: good ? 'success' : 'error' })));
  },
});

function witnessLine(r: AssemblyAudit, rooms: number): string {
  const w = r.witness;
  if (!w) return `No posted heads found in ${rooms} room(s) read: a rewrite of the whole chain could not be seen yet (\`audit checkpoint\` posts one).`;
  if (w.firstDifference) return `Posted heads: the record differs from what was posted, first at event #${w.firstDifference.seq}${w.lastAgreement !== null ? ` (it agrees up to #${w.lastAgreement})` : ''}: ${w.firstDifference.problem}`;
  return `Posted heads: all ${w.checked} found in ${rooms} room(s) agree with the record.`;
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
    if (!head || head.seq === 0) return err('not-found', `${a.value.name} has no recorded events yet.`);
    const posted = await witnessedHeads(ctx.deps, a.value.id);
    if (posted.heads.some((h) => h.seq === head.seq && head.hash.startsWith(h.hash))) {
      return ok(reply(personal('Already posted', `${formatHead(a.value.name, head)} is already in this assembly's rooms; nothing was recorded since.`)));
    }
    // Keyed by the head: asking again before anything new is recorded posts nothing more.
    await ctx.deps.announcer.announce(a.value.id, checkpointMessage(a.value.name, head), `audit-checkpoint:${a.value.id}:${head.seq}`);
    // The periodic checkpoint counts from here: the next is due checkpoint-hours after this one, and only if the record moves.
    const now = ctx.deps.clock.now();
    await ctx.deps.store.transaction(async (tx) => {
      const locked = await tx.lockAssembly(a.value.id);
      if (locked) await markCheckpointPosted(tx, locked.id, locked.policy.checkpointHours, head, now);
    });
    return ok(reply(personal('Checkpoint posted', formatHead(a.value.name, head))));
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
    const base = a.value.name.replace(/[^\w.-]+/g, '-').slice(0, 60);
    if (args.format === 'csv') {
      const motions = await ctx.deps.store.read.motions(a.value.id);
      return ok(reply(personal(`${a.value.name}: results as CSV`, `${motions.length} motion(s), one row each.`, { attachment: { filename: `${base}-results.csv`, content: assemblyResultsCsv(a.value, motions) } })));
    }
    const lines: string[] = [];
    for await (const line of exportAssembly(ctx.deps.store.read, a.value)) lines.push(line);
    return ok(reply(personal(`${a.value.name}: record export`, `${lines.length} lines.`, { attachment: { filename: `${base}-record.jsonl`, content: lines.join('\n') + '\n' } })));
  },
});

export const auditCommands = [auditVerify, auditExport, auditCheckpoint];
