import { z } from 'zod';
import { ChainReader, chainProblems, recountProblems, type ChainHead, type RecordedMotion } from '../events/record-check.js';
import { headsFor, type WitnessedHead } from '../events/witness.js';
import type { AuditEvent, Choice } from '../model/entities.js';
import { METHODS, ratioSchema } from '../model/policy.js';
import { asAssemblyId, asPersonId } from '../shared/ids.js';
import { auditOutcome, type AssemblyAudit, type Mismatch } from './audit.service.js';

/*
 * Offline verification of an `audit export` file: no database, only the file
 * (and, if given, witnessed heads). The same checks as `audit verify` run on
 * what the file holds; docs/AUDIT.md describes them for anyone who wants to
 * reimplement them.
 */

const choiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('yes-no-abstain'), value: z.enum(['yes', 'no', 'abstain']) }),
  z.object({ kind: z.literal('approval'), approved: z.array(z.number().int()) }),
  z.object({ kind: z.literal('ranked'), ranking: z.array(z.number().int()) }),
]);

const line = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assembly'), id: z.string(), name: z.string(), version: z.number().int().optional() }),
  z.object({
    type: z.literal('event'),
    assemblyId: z.string(),
    seq: z.number().int(),
    eventType: z.string(),
    actorId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    at: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  }),
  z.object({ type: z.literal('head'), seq: z.number().int().min(0), hash: z.string() }),
  z.object({
    type: z.literal('motion'),
    number: z.number().int(),
    method: z.enum(METHODS),
    options: z.array(z.string()),
    seats: z.number().int(),
    secret: z.boolean(),
    status: z.enum(['proposed', 'open', 'passed', 'failed', 'withdrawn', 'expired', 'superseded']),
    quorum: ratioSchema,
    threshold: ratioSchema,
    result: z
      .object({ outcome: z.enum(['passed', 'failed']), eligible: z.number(), ballots: z.number(), quorumMet: z.boolean(), summary: z.string(), tally: z.record(z.string(), z.number()), winners: z.array(z.number()) })
      .nullable(),
  }),
  z.object({ type: z.literal('ballot'), motion: z.number().int(), choice: choiceSchema }),
]);

export interface FileAudit extends AssemblyAudit {
  /** Lines that could not be read, with their line numbers. */
  readonly unreadable: readonly string[];
  /** False for a version 1 export: it carries no stored head, so a cut end cannot be seen without witnesses. */
  readonly hasHead: boolean;
  /** Witnessed heads past the export's head: posted after it was taken, so not compared. */
  readonly newerWitnesses: number;
}

interface Section {
  name: string;
  events: AuditEvent[];
  version: number;
  head: ChainHead | null;
  motions: RecordedMotion[];
  ballots: Map<number, Choice[]>;
  unreadable: string[];
}

/** Verifies every assembly in an export (one section per `assembly` line) from its lines alone. */
export function verifyExport(lines: Iterable<string>, witnessed: readonly WitnessedHead[] = []): FileAudit[] {
  const sections: Section[] = [];
  const orphans: string[] = [];
  let n = 0;
  for (const raw of lines) {
    n++;
    if (raw.trim() === '') continue;
    let parsed: z.infer<typeof line>;
    try {
      const r = line.safeParse(JSON.parse(raw));
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'unknown shape');
      parsed = r.data;
    } catch (e) {
      (sections.at(-1)?.unreadable ?? orphans).push(`line ${n}: ${e instanceof Error ? e.message : 'unreadable'}`);
      continue;
    }
    if (parsed.type === 'assembly') {
      sections.push({ name: parsed.name, version: parsed.version ?? 1, events: [], head: null, motions: [], ballots: new Map(), unreadable: [] });
      continue;
    }
    const s = sections.at(-1);
    if (!s) {
      orphans.push(`line ${n}: a ${parsed.type} line before any assembly line`);
      continue;
    }
    if (parsed.type === 'event') {
      const { eventType, at, assemblyId, actorId, ...rest } = parsed;
      s.events.push({ ...rest, type: eventType, assemblyId: asAssemblyId(assemblyId), actorId: actorId === null ? null : asPersonId(actorId), at: new Date(at) });
    } else if (parsed.type === 'head') s.head = { seq: parsed.seq, hash: parsed.hash };
    else if (parsed.type === 'motion') s.motions.push(parsed);
    else s.ballots.set(parsed.motion, [...(s.ballots.get(parsed.motion) ?? []), parsed.choice]);
  }
  if (sections.length === 0) return [emptyAudit(orphans.length > 0 ? orphans : ['no assembly line: this is not an audit export'])];
  return sections.map((s, i) => auditSection(s, witnessed, i === 0 ? orphans : []));
}

function auditSection(s: Section, witnessed: readonly WitnessedHead[], orphans: readonly string[]): FileAudit {
  // An export is a snapshot: heads posted after its own head are later news, not a difference.
  const named = headsFor(s.name, witnessed);
  const mine = s.head ? named.filter((h) => h.seq <= (s.head?.seq ?? 0)) : named;
  const reader = new ChainReader(new Set(mine.map((h) => h.seq)));
  reader.add(s.events);
  const mismatches: Mismatch[] = [];
  let recounted = 0;
  for (const m of [...s.motions].sort((a, b) => a.number - b.number)) {
    const closed = m.status === 'passed' || m.status === 'failed';
    const ballots = (s.ballots.get(m.number) ?? []).map((choice) => ({ choice }));
    // Only closed motions' ballots are exported (an open secret ballot's choices stay unpublished).
    const problems = chainProblems(reader.motion(m.number), m, closed ? ballots : undefined);
    if (closed) {
      recounted++;
      problems.push(...recountProblems(m, ballots));
    } else if (ballots.length > 0) problems.push(`the export lists ${ballots.length} ballot(s) for a motion that is ${m.status}`);
    if (problems.length > 0) mismatches.push({ motion: m.number, problem: problems.join('; ') });
  }
  for (const n of reader.missingMotions(new Set(s.motions.map((m) => m.number)))) mismatches.push({ motion: n, problem: 'the record introduces this motion but the export does not list it' });
  for (const number of s.ballots.keys()) if (!s.motions.some((m) => m.number === number)) mismatches.push({ motion: number, problem: 'the export lists ballots for a motion it does not list' });
  const audit = auditOutcome({ name: s.name }, reader, s.head, mismatches, recounted, mine);
  // From version 2 on every export ends its events with the head: a missing one was cut with them.
  const headless = s.version >= 2 && s.head === null ? [{ seq: reader.head.seq + 1, problem: 'the export has no head line (it was cut short or the line removed)' }] : [];
  return { ...audit, chain: [...audit.chain, ...headless], unreadable: [...orphans, ...s.unreadable], hasHead: s.head !== null, newerWitnesses: named.length - mine.length };
}

function emptyAudit(unreadable: string[]): FileAudit {
  return { ...auditOutcome({ name: '(none)' }, new ChainReader(), null, [], 0, []), unreadable, hasHead: false, newerWitnesses: 0 };
}
