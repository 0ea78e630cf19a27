import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { formatHead, parseHeads, type WitnessedHead } from '../../core/events/witness.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { verifyExport } from '../../core/services/audit-file.js';
import { assemblyResultsCsv } from '../../core/services/results-csv.js';
import { auditAssembly, auditIsClean, exportAssembly, type AssemblyAudit } from '../../core/services/audit.service.js';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';

/** The report lines of one assembly's audit, the same online and offline. */
export function auditReport(a: AssemblyAudit, index: string): string {
  const good = auditIsClean(a);
  const lines = [`${index} ${good ? '✔' : '✖'} ${a.assembly.name}: ${a.events} events, ${a.motionsRecounted} motions recounted, head ${formatHead(a.assembly.name, a.head)}`];
  if (a.unsettled) lines.push('    the record kept changing while it was checked (members voting?): the problems below may be changes made meanwhile; run it again');
  for (const p of a.chain) lines.push(`    event #${p.seq}: ${p.problem}`);
  for (const m of a.mismatches) lines.push(`    motion #${m.motion}: ${m.problem}`);
  const w = a.witness;
  if (w) {
    if (w.firstDifference) {
      lines.push(`    witnessed heads: the stored chain differs from what was witnessed first at event #${w.firstDifference.seq}${w.lastAgreement !== null ? ` (it agrees up to #${w.lastAgreement})` : ''}: ${w.firstDifference.problem}${w.firstDifference.source ? ` [${w.firstDifference.source}]` : ''}`);
    } else lines.push(`    witnessed heads: all ${w.checked} agree`);
  }
  return lines.join('\n') + '\n';
}

async function readWitnesses(file: string | undefined): Promise<WitnessedHead[]> {
  return file ? parseHeads(await readFile(file, 'utf8'), file) : [];
}

/** `plenary audit verify`: every assembly's chain, head, stored motions and recounts (and witnessed heads); exit 1 on any problem. */
export async function runAuditVerify(config: Config, log: Logger, out: { write(s: string): unknown }, only?: string, witnessFile?: string): Promise<number> {
  const witnessed = await readWitnesses(witnessFile);
  const rt = await openRuntime(config, log);
  try {
    const reads = rt.core.store.read;
    const ids = only ? [(await reads.assemblyByName(only))?.id].filter((x) => x !== undefined) : await reads.assemblyIds();
    if (only && ids.length === 0) {
      out.write(`No assembly is called "${only}".\n`);
      return 2;
    }
    if (witnessFile) out.write(`${witnessed.length} witnessed head(s) read from ${witnessFile}.\n`);
    let bad = 0;
    for (const [i, id] of ids.entries()) {
      const assembly = await reads.assembly(id);
      if (!assembly) continue;
      const a = await auditAssembly(reads, assembly, undefined, witnessed);
      if (!auditIsClean(a)) bad++;
      out.write(auditReport(a, `[${i + 1}/${ids.length}]`));
    }
    out.write(bad === 0 ? `All ${ids.length} assemblies verify.\n` : `${bad} of ${ids.length} assemblies do NOT verify.\n`);
    if (witnessed.length === 0) out.write('No witnessed heads were given: a chain rewritten consistently from the start cannot be told apart here (see docs/AUDIT.md, --witness).\n');
    return bad === 0 ? 0 : 1;
  } finally {
    await rt.close();
  }
}

/** `plenary audit verify --file export.jsonl`: the same checks on an export alone, with no database. */
export async function runAuditVerifyFile(file: string, out: { write(s: string): unknown }, witnessFile?: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    out.write(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const witnessed = await readWitnesses(witnessFile);
  if (witnessFile) out.write(`${witnessed.length} witnessed head(s) read from ${witnessFile}.\n`);
  const audits = verifyExport(text.split(/\r?\n/), witnessed);
  let bad = 0;
  for (const [i, a] of audits.entries()) {
    const good = auditIsClean(a) && a.unreadable.length === 0;
    if (!good) bad++;
    out.write(auditReport(a, `[${i + 1}/${audits.length}]`));
    for (const u of a.unreadable) out.write(`    ${u}\n`);
    if (a.newerWitnesses > 0) out.write(`    ${a.newerWitnesses} witnessed head(s) are newer than this export and were not compared\n`);
    if (!a.hasHead) out.write('    this export carries no chain head (format version 1): events cut from its end show only against witnessed heads\n');
  }
  out.write(bad === 0 ? `${file}: all ${audits.length} assemblies verify.\n` : `${file}: ${bad} of ${audits.length} assemblies do NOT verify.\n`);
  return bad === 0 ? 0 : 1;
}

/** `plenary audit export`: the record as JSON lines (secret ballots without voters). */
export async function runAuditExport(config: Config, log: Logger, name: string, file?: string, format: 'jsonl' | 'csv' = 'jsonl'): Promise<number> {
  const rt = await openRuntime(config, log);
  try {
    const assembly = await rt.core.store.read.assemblyByName(name);
    if (!assembly) {
      process.stderr.write(`No assembly is called "${name}".\n`);
      return 2;
    }
    if (format === 'csv') {
      // The results of every motion, one row each (counts only, never voters): the same file as `audit export --format csv` in chat.
      const motions = await rt.core.store.read.motions(assembly.id);
      const csv = assemblyResultsCsv(assembly, motions);
      if (file) {
        await writeFile(file, csv, 'utf8');
        process.stderr.write(`Wrote ${motions.length} motion(s) to ${file}.\n`);
      } else process.stdout.write(csv);
      return 0;
    }
    const fileOut = file ? createWriteStream(file) : null;
    const out = fileOut ?? process.stdout;
    let n = 0;
    for await (const line of exportAssembly(rt.core.store.read, assembly)) {
      out.write(line + '\n');
      n++;
    }
    if (fileOut) {
      await new Promise<void>((resolve) => fileOut.end(resolve));
      process.stderr.write(`Wrote ${n} lines to ${file ?? ''}.\n`);
    }
    return 0;
  } finally {
    await rt.close();
  }
}
