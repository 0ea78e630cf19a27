import type { Assembly, AuditEvent, Motion } from '../model/entities.js';
import { canonicalJson, verifyChain, type ChainProblem } from '../events/hash-chain.js';
import type { StoreReads } from '../ports/store.port.js';
import type { AssemblyId } from '../shared/ids.js';
import { countMotion } from './count-motion.js';

export interface Mismatch {
  readonly motion: number;
  readonly problem: string;
}

export interface AssemblyAudit {
  readonly assembly: Assembly;
  readonly events: number;
  readonly chain: readonly ChainProblem[];
  readonly motionsRecounted: number;
  readonly mismatches: readonly Mismatch[];
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
  const stored = motion.result;
  if (!stored) return null;
  const ballots = await reads.ballots(motion.id);
  const again = countMotion(motion, ballots, stored.eligible);
  const problems: string[] = [];
  if (again.ballots !== stored.ballots) problems.push(`${stored.ballots} ballots recorded, ${again.ballots} stored`);
  if (again.outcome !== stored.outcome) problems.push(`recorded ${stored.outcome}, recount says ${again.outcome}`);
  if (canonicalJson(again.tally) !== canonicalJson(stored.tally)) problems.push(`recorded tally ${canonicalJson(stored.tally)}, recount ${canonicalJson(again.tally)}`);
  if (canonicalJson(again.winners) !== canonicalJson(stored.winners)) problems.push(`recorded winners ${canonicalJson(stored.winners)}, recount ${canonicalJson(again.winners)}`);
  if (motion.status !== stored.outcome) problems.push(`status is ${motion.status} but the result says ${stored.outcome}`);
  return problems.length > 0 ? problems.join('; ') : null;
}

/** Re-checks an assembly's hash chain and recounts every closed motion. */
export async function auditAssembly(reads: StoreReads, assembly: Assembly, onProgress?: (done: number) => void): Promise<AssemblyAudit> {
  const chain: ChainProblem[] = [];
  let prev: string | undefined;
  let nextSeq = 1;
  let count = 0;
  for await (const page of allEvents(reads, assembly.id)) {
    chain.push(...verifyChain(page, prev, nextSeq));
    const last = page.at(-1);
    if (last) {
      prev = last.hash;
      nextSeq = last.seq + 1;
    }
    count += page.length;
    onProgress?.(count);
  }
  const mismatches: Mismatch[] = [];
  const closed = await reads.motions(assembly.id, ['passed', 'failed']);
  for (const m of closed) {
    const problem = await recount(reads, m);
    if (problem) mismatches.push({ motion: m.number, problem });
  }
  return { assembly, events: count, chain, motionsRecounted: closed.length, mismatches };
}

/**
 * The public record as JSON lines: every event, every motion with its result,
 * and the ballots of closed motions. Secret ballots appear without voters and
 * in a canonical order, so neither identity nor casting order leaks.
 */
export async function* exportAssembly(reads: StoreReads, assembly: Assembly): AsyncGenerator<string> {
  yield canonicalJson({ type: 'assembly', id: assembly.id, name: assembly.name, kind: assembly.kind, level: assembly.level });
  for await (const page of allEvents(reads, assembly.id)) {
    for (const e of page) yield canonicalJson({ ...e, type: 'event', eventType: e.type, at: e.at.toISOString() });
  }
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
