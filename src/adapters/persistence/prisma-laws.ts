import { z } from 'zod';
import type { Law, LawNote, LawNoteKind, LawSource, LawVersion, NewLaw } from '../../core/laws/model.js';
import type { LawTx } from '../../core/ports/law-store.port.js';
import { asAssemblyId, asFederationId, asMotionId, asProposalId, type AssemblyId, type MotionId, type ProposalId } from '../../core/shared/ids.js';
import type * as Db from '../../generated/prisma/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { asStoredJson, isUuid } from './prisma-store-mappers.js';

type Client = Prisma.TransactionClient;
const json = (value: unknown): Prisma.InputJsonValue => asStoredJson(value) as Prisma.InputJsonValue;

const versionsSchema = z.array(z.object({ version: z.number().int(), title: z.string(), text: z.string(), motionNumber: z.number().int().nullable(), at: z.string() }));
const sourceSchema = z.object({
  proposalId: z.string(),
  proposalRef: z.string(),
  proposalVersion: z.number().int(),
  federationId: z.string(),
  federationName: z.string(),
  referralId: z.string(),
  acceptedByMotion: z.number().int().nullable(),
});
const payloadSchema = z.record(z.string(), z.unknown());
const NOTE_KINDS: readonly LawNoteKind[] = ['annulment', 'require-leave', 'report'];

function toLaw(row: Db.Law): Law {
  const source = row.source === null ? null : sourceSchema.parse(row.source);
  const src: LawSource | null = source ? { ...source, proposalId: asProposalId(source.proposalId), federationId: asFederationId(source.federationId) } : null;
  return {
    id: row.id,
    assemblyId: asAssemblyId(row.assemblyId),
    number: row.number,
    status: row.status === 'in_force' ? 'in-force' : 'repealed',
    passedAt: row.passedAt,
    repealedAt: row.repealedAt,
    repealedByMotion: row.repealedByMotion,
    source: src,
    versions: versionsSchema.parse(row.versions),
  };
}

function toNote(row: Db.LawNote): LawNote {
  const kind = NOTE_KINDS.find((k) => k === row.kind);
  if (!kind) throw new Error(`unknown law note kind in the database: ${row.kind}`);
  return { id: row.id, lawId: row.lawId, kind, text: row.text, targetMotionId: row.targetMotionId === null ? null : asMotionId(row.targetMotionId), payload: payloadSchema.parse(row.payload), at: row.at };
}

const firstVersion = (l: NewLaw): LawVersion => ({ version: 1, title: l.title, text: l.text, motionNumber: l.motionNumber, at: l.at.toISOString() });

/** `LawTx` over a Prisma client or interactive transaction (core laws/model.ts; FakeLaws is the reference). */
export class PrismaLaws implements LawTx {
  constructor(private readonly db: Client) {}

  async laws(assemblyId: AssemblyId, withRepealed: boolean): Promise<readonly Law[]> {
    if (!isUuid(assemblyId)) return [];
    const rows = await this.db.law.findMany({ where: { assemblyId, ...(withRepealed ? {} : { status: 'in_force' as const }) }, orderBy: { number: 'asc' } });
    return rows.map(toLaw);
  }

  async law(assemblyId: AssemblyId, number: number): Promise<Law | null> {
    if (!isUuid(assemblyId) || !Number.isSafeInteger(number) || number < 1 || number > 2_147_483_647) return null;
    const row = await this.db.law.findUnique({ where: { assemblyId_number: { assemblyId, number } } });
    return row ? toLaw(row) : null;
  }

  async lawFromProposal(assemblyId: AssemblyId, proposalId: ProposalId): Promise<Law | null> {
    if (!isUuid(assemblyId) || !isUuid(proposalId)) return null;
    const row = await this.db.law.findFirst({ where: { assemblyId, proposalId }, orderBy: { number: 'desc' } });
    return row ? toLaw(row) : null;
  }

  async lawsFromProposal(assemblyIds: readonly AssemblyId[], proposalId: ProposalId): Promise<ReadonlyMap<AssemblyId, Law>> {
    const ids = [...new Set(assemblyIds.filter(isUuid))];
    if (ids.length === 0 || !isUuid(proposalId)) return new Map();
    // One statement for the whole batch (law_assembly_id_proposal_id_idx); the newest per assembly, as lawFromProposal.
    const rows = await this.db.law.findMany({ where: { assemblyId: { in: ids }, proposalId }, orderBy: [{ assemblyId: 'asc' }, { number: 'desc' }], distinct: ['assemblyId'] });
    return new Map(rows.map((r) => [asAssemblyId(r.assemblyId), toLaw(r)]));
  }

  async notes(lawId: string): Promise<readonly LawNote[]> {
    if (!isUuid(lawId)) return [];
    return (await this.db.lawNote.findMany({ where: { lawId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })).map(toNote);
  }

  async annulmentOf(motionId: MotionId): Promise<LawNote | null> {
    if (!isUuid(motionId)) return null;
    const row = await this.db.lawNote.findFirst({ where: { targetMotionId: motionId, kind: 'annulment' }, orderBy: { at: 'asc' } });
    return row ? toNote(row) : null;
  }

  async committeesOf(localId: AssemblyId): Promise<readonly AssemblyId[]> {
    if (!isUuid(localId)) return [];
    const rows = await this.db.assembly.findMany({ where: { parentAssemblyId: localId, kind: 'committee' }, select: { id: true }, orderBy: { name: 'asc' } });
    return rows.map((r) => asAssemblyId(r.id));
  }

  async dueCommittees(now: Date, limit: number): Promise<readonly AssemblyId[]> {
    // Committees only (few rows), each with its creation event's term and no end event, looked up by assembly.
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      SELECT a.id::text AS id FROM assembly a
      JOIN event c ON c.assembly_id = a.id AND c.type = 'committee.created'
      WHERE a.kind = 'committee' AND (c.payload->>'endsAt')::timestamptz <= ${now.toISOString()}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM event e WHERE e.assembly_id = a.id AND e.type = 'committee.ended')
      ORDER BY a.id LIMIT ${limit}`;
    return rows.map((r) => asAssemblyId(r.id));
  }

  async enact(law: NewLaw): Promise<Law> {
    return (await this.enactMany([law]))[0] ?? Promise.reject(new Error('law not enacted'));
  }

  /** One read of the highest numbers and one insert, whatever the count; the callers hold the assemblies' locks. */
  async enactMany(laws: readonly NewLaw[]): Promise<readonly Law[]> {
    if (laws.length === 0) return [];
    const ids = [...new Set(laws.map((l) => l.assemblyId))];
    const max = await this.db.law.groupBy({ by: ['assemblyId'], where: { assemblyId: { in: ids } }, _max: { number: true } });
    const next = new Map(max.map((m) => [m.assemblyId, m._max.number ?? 0]));
    const data = laws.map((l) => {
      const number = (next.get(l.assemblyId) ?? 0) + 1;
      next.set(l.assemblyId, number);
      return { assemblyId: l.assemblyId, number, passedAt: l.at, proposalId: l.source?.proposalId ?? null, ...(l.source ? { source: json(l.source) } : {}), versions: json([firstVersion(l)]) };
    });
    const rows = await this.db.law.createManyAndReturn({ data });
    const byKey = new Map(rows.map((r) => [`${r.assemblyId}/${r.number}`, toLaw(r)]));
    return data.map((d) => {
      const law = byKey.get(`${d.assemblyId}/${d.number}`);
      if (!law) throw new Error(`law ${d.number} of ${d.assemblyId} was not written`);
      return law;
    });
  }

  async addVersion(lawId: string, version: LawVersion): Promise<void> {
    if (!isUuid(lawId)) return;
    const row = await this.db.law.findUnique({ where: { id: lawId }, select: { versions: true } });
    if (!row) return;
    await this.db.law.update({ where: { id: lawId }, data: { versions: json([...versionsSchema.parse(row.versions), version]) } });
  }

  /** One UPDATE appending each law's version (a law listed twice gets both, in order). */
  async addVersions(versions: readonly { readonly lawId: string; readonly version: LawVersion }[]): Promise<void> {
    const byLaw = new Map<string, LawVersion[]>();
    for (const v of versions) if (isUuid(v.lawId)) byLaw.set(v.lawId, [...(byLaw.get(v.lawId) ?? []), v.version]);
    if (byLaw.size === 0) return;
    const list = JSON.stringify([...byLaw].map(([id, vs]) => ({ id, vs })));
    await this.db.$executeRaw`
      UPDATE law SET versions = law.versions || x.vs
      FROM jsonb_to_recordset(${list}::jsonb) AS x(id uuid, vs jsonb) WHERE law.id = x.id`;
  }

  async repeal(lawId: string, motionNumber: number, at: Date): Promise<void> {
    if (!isUuid(lawId)) return;
    await this.db.law.updateMany({ where: { id: lawId, status: 'in_force' }, data: { status: 'repealed', repealedAt: at, repealedByMotion: motionNumber } });
  }

  async addNote(note: Omit<LawNote, 'id'>): Promise<LawNote> {
    const row = await this.db.lawNote.create({ data: { lawId: note.lawId, kind: note.kind, text: note.text, targetMotionId: note.targetMotionId, payload: json(note.payload), at: note.at } });
    return toNote(row);
  }
}
