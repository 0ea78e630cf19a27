import { z } from 'zod';
import { personal } from '../messages/message.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { auditAssembly, exportAssembly } from '../services/audit.service.js';
import { ok } from '../shared/result.js';
import { defineCommand, reply } from './command.js';

export const auditVerify = defineCommand({
  path: ['audit', 'verify'],
  summary: "Check this assembly's record",
  help: 'Re-checks the hash chain of every recorded event and recounts every closed motion from the stored ballots. Anything altered, missing or miscounted is reported.',
  permission: 'member',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const r = await auditAssembly(ctx.deps.store.read, a.value);
    const good = r.chain.length === 0 && r.mismatches.length === 0;
    const lines = [
      `${r.events} events checked: ${r.chain.length === 0 ? 'the chain is intact' : `${r.chain.length} problem(s)`}`,
      `${r.motionsRecounted} closed motions recounted: ${r.mismatches.length === 0 ? 'every result matches' : `${r.mismatches.length} mismatch(es)`}`,
      ...r.chain.slice(0, 10).map((p) => `• event #${p.seq}: ${p.problem}`),
      ...r.mismatches.slice(0, 10).map((m) => `• motion #${m.motion}: ${m.problem}`),
    ];
    return ok(reply(personal(good ? `${a.value.name}: record verified` : `${a.value.name}: the record does NOT verify`, lines.join('\n'), { tone: good ? 'success' : 'error' })));
  },
});

export const auditExport = defineCommand({
  path: ['audit', 'export'],
  summary: "Download this assembly's record",
  help: 'Sends the record as JSON lines: every event, motion, result and the ballots of closed motions (secret ballots without voters). The hashes let anyone re-check the chain with their own tools; `audit verify` does it here.',
  permission: 'member',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const a = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
    if (!a.ok) return a;
    const lines: string[] = [];
    for await (const line of exportAssembly(ctx.deps.store.read, a.value)) lines.push(line);
    const name = `${a.value.name.replace(/[^\w.-]+/g, '-').slice(0, 60)}-record.jsonl`;
    return ok(reply(personal(`${a.value.name}: record export`, `${lines.length} lines.`, { attachment: { filename: name, content: lines.join('\n') + '\n' } })));
  },
});

export const auditCommands = [auditVerify, auditExport];
