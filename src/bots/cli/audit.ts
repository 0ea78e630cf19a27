import { createWriteStream } from 'node:fs';
import type { Logger } from '../../core/ports/logger.port.js';
import { auditAssembly, exportAssembly } from '../../core/services/audit.service.js';
import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';

/** `plenary audit verify`: every assembly's chain and recounts; exit 1 on any problem. */
export async function runAuditVerify(config: Config, log: Logger, out: { write(s: string): unknown }, only?: string): Promise<number> {
  const rt = await openRuntime(config, log);
  try {
    const reads = rt.core.store.read;
    const ids = only ? [(await reads.assemblyByName(only))?.id].filter((x) => x !== undefined) : await reads.assemblyIds();
    if (only && ids.length === 0) {
      out.write(`No assembly is called "${only}".\n`);
      return 2;
    }
    let bad = 0;
    for (const [i, id] of ids.entries()) {
      const assembly = await reads.assembly(id);
      if (!assembly) continue;
      const a = await auditAssembly(reads, assembly);
      const good = a.chain.length === 0 && a.mismatches.length === 0;
      if (!good) bad++;
      out.write(`[${i + 1}/${ids.length}] ${good ? '✔' : '✖'} ${assembly.name}: ${a.events} events, ${a.motionsRecounted} motions recounted\n`);
      for (const p of a.chain) out.write(`    event #${p.seq}: ${p.problem}\n`);
      for (const m of a.mismatches) out.write(`    motion #${m.motion}: ${m.problem}\n`);
    }
    out.write(bad === 0 ? `All ${ids.length} assemblies verify.\n` : `${bad} of ${ids.length} assemblies do NOT verify.\n`);
    return bad === 0 ? 0 : 1;
  } finally {
    await rt.close();
  }
}

/** `plenary audit export`: the record as JSON lines (secret ballots without voters). */
export async function runAuditExport(config: Config, log: Logger, name: string, file?: string): Promise<number> {
  const rt = await openRuntime(config, log);
  try {
    const assembly = await rt.core.store.read.assemblyByName(name);
    if (!assembly) {
      process.stderr.write(`No assembly is called "${name}".\n`);
      return 2;
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
