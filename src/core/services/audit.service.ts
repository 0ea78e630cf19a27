import type { Assembly, AuditEvent, Motion } from '../model/entities.js';
import { canonicalJson, GENESIS_HASH, type ChainProblem } from '../events/hash-chain.js';
import { ChainReader, chainProblems, recountProblems, type ChainHead } from '../events/record-check.js';
import { checkWitnesses, headsFor, type WitnessedHead, type WitnessReport } from '../events/witness.js';
import type { StoreReads } from '../ports/store.port.js';
import type { AssemblyId } from '../shared/ids.js';

export interface Mismatch {
  readonly motion: number;
  readonly problem: string;
}

export interface AssemblyAudit {
  readonly assembly: Pick<Assembly, 'name'>;
  readonly events: number;
  /** Where the chain read ends (seq 0 = no events). */
  readonly head: ChainHead;
  readonly chain: readonly ChainProblem[];
  readonly motionsRecounted: number;
  readonly mismatches: readonly Mismatch[];
  /** Null when no witnessed head named this assembly. */
  readonly witness: WitnessReport | null;
  /** The record kept changing while it was checked: run it again before trusting the problems listed. */
  readonly unsettled?: boolean;
}

const PAGE = 5000;

async function* allEvents(reads: StoreReads, assemblyId: AssemblyId): AsyncGenerator<AuditEvent[]> {
  let after = 0;
  for (;;) {
    const page = await reads.events(assemblyId, after, PAGE);
    if (page.length === 0) return;
    yield [...page];
    after = page.at(-1)?.seq ?? after;
    if (page.length < PAGE) return;
  }
}

/** Recounts one closed motion from its stored ballots and compares with the stored result. */
export async function recount(reads: StoreReads, motion: Motion): Promise<string | null> {
  const problems = recountProblems(motion, await reads.ballots(motion.id));
  return problems.length > 0 ? problems.join('; ') : null;
}

/** The outcome of comparing a record with itself, its stored head, and any witnessed heads. */
export function auditOutcome(assembly: Pick<Assembly, 'name'>, reader: ChainReader, storedHead: ChainHead | null, mismatches: readonly Mismatch[], motionsRecounted: number, witnessed: readonly WitnessedHead[]): AssemblyAudit {
  const chain = [...reader.problems, ...reader.checkHead(storedHead)];
  const witness = witnessed.length > 0 ? checkWitnesses(witnessed, (seq) => reader.hashAt(seq), reader.head.seq) : null;
  return { assembly, events: reader.count, head: reader.head, chain, motionsRecounted, mismatches, witness };
}

/** True when nothing at all was found wrong. */
export const auditIsClean = (a: AssemblyAudit): boolean => a.chain.length === 0 && a.mismatches.length === 0 && (a.witness?.firstDifference ?? null) === null;

/**
 * Re-checks an assembly's hash chain against its stored head, compares every
 * motion and its ballots with what the chain recorded, recounts every closed
 * motion, and checks the chain against heads witnessed in chat (if given).
 */
export async function auditAssembly(reads: StoreReads, assembly: Assembly, onProgress?: (done: number) => void, witnessed: readonly WitnessedHead[] = []): Promise<AssemblyAudit> {
  // The reads are not one snapshot: a ballot or a close committed midway would look like a mismatch.
  // Every such change moves the head in its own transaction, so a run during which the head stood
  // still saw a consistent record; otherwise it is read again.
  let audit: AssemblyAudit | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    const before = await reads.chainHead(assembly.id);
    audit = await auditOnce(reads, assembly, before, onProgress, witnessed);
    const after = await reads.chainHead(assembly.id);
    if (auditIsClean(audit) || (before?.seq === after?.seq && before?.hash === after?.hash)) return audit;
  }
  // Still moving after every attempt: the problems may be honest changes made meanwhile; say so.
  return { ...(audit as AssemblyAudit), unsettled: true };
}

const ATTEMPTS = 6;

async function auditOnce(reads: StoreReads, assembly: Assembly, storedHead: ChainHead | null, onProgress: ((done: number) => void) | undefined, witnessed: readonly WitnessedHead[]): Promise<AssemblyAudit> {
  const mine = headsFor(assembly.name, witnessed);
  const reader = new ChainReader(new Set(mine.map((h) => h.seq)));
  for await (const page of allEvents(reads, assembly.id)) {
    reader.add(page);
    onProgress?.(reader.count);
  }
  const mismatches: Mismatch[] = [];
  const motions = await reads.motions(assembly.id);
  let recounted = 0;
  for (const m of [...motions].sort((a, b) => a.number - b.number)) {
    const ballots = m.status === 'open' || m.status === 'passed' || m.status === 'failed' ? await reads.ballots(m.id) : [];
    const problems = chainProblems(reader.motion(m.number), m, ballots);
    if (m.status === 'passed' || m.status === 'failed') {
      recounted++;
      problems.push(...recountProblems(m, ballots));
    }
    if (problems.length > 0) mismatches.push({ motion: m.number, problem: problems.join('; ') });
  }
  for (const n of reader.missingMotions(new Set(motions.map((m) => m.number)))) mismatches.push({ motion: n, problem: 'the record introduces this motion but it is not stored (deleted)' });
  return auditOutcome(assembly, reader, storedHead, mismatches, recounted, mine);
}

/** The export's format: 2 added `version` and the `head` line (docs/AUDIT.md). */
export const EXPORT_VERSION = 2;

/**
 * The public record as JSON lines: every event, the chain head, every motion
 * with its result, and the ballots of closed motions. Secret ballots appear
 * without voters and in a canonical order, so neither identity nor casting
 * order leaks. Enough to re-verify everything offline (`audit verify --file`).
 */
export async function* exportAssembly(reads: StoreReads, assembly: Assembly): AsyncGenerator<string> {
  yield canonicalJson({ type: 'assembly', version: EXPORT_VERSION, id: assembly.id, name: assembly.name, kind: assembly.kind, level: assembly.level });
  // The head is read first and the events up to it: an event appended meanwhile is left for the next export.
  const head = (await reads.chainHead(assembly.id)) ?? { seq: 0, hash: GENESIS_HASH };
  for await (const page of allEvents(reads, assembly.id)) {
    for (const e of page) if (e.seq <= head.seq) yield canonicalJson({ ...e, type: 'event', eventType: e.type, at: e.at.toISOString() });
    if ((page.at(-1)?.seq ?? 0) >= head.seq) break;
  }
  yield canonicalJson({ type: 'head', seq: head.seq, hash: head.hash });
  const motions = await reads.motions(assembly.id);
  for (const m of [...motions].sort((a, b) => a.number - b.number)) {
    yield canonicalJson({ type: 'motion', number: m.number, kind: m.kind, method: m.method, title: m.title, options: m.options, seats: m.seats, secret: m.secret, status: m.status, quorum: m.quorum, threshold: m.threshold, result: m.result });
    if (m.status !== 'passed' && m.status !== 'failed') continue;
    const ballots = await reads.ballots(m.id);
    const rows = ballots.map((b) => (m.secret ? canonicalJson({ type: 'ballot', motion: m.number, choice: b.choice }) : canonicalJson({ type: 'ballot', motion: m.number, personId: b.personId, choice: b.choice, castAt: b.castAt.toISOString() })));
    if (m.secret) rows.sort();
    yield* rows;
  }
}
