import type { Assembly } from '../model/entities.js';
import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { AssemblyId } from '../shared/ids.js';
import { proposalRef, type Proposal, type Referral } from '../relay/model.js';
import type { LawVersion, NewLaw } from './model.js';

/**
 * A federation's proposal that a local assembly accepted and that was adopted
 * binds that assembly (DOMAIN.md §7.5): it enters its law book, from the
 * adoption (or from its acceptance, when it accepts later). Called by the
 * relay where either happens, for many assemblies at once; an assembly whose
 * book already holds it in force keeps that law (a later version it accepted
 * becomes the law's next text).
 *
 * Batch-shaped, whatever the number of assemblies: one read of the
 * federation, one per proposal version, one of the books' laws from this
 * proposal (`lawsFromProposal`), one write of new versions, one enactment
 * (`enactMany`) and one append of the records' events. Never a statement per
 * assembly: at 100,000 accepting assemblies that was most of a relay's time
 * (test/integration/relay/law-adoption-statements.test.ts counts them).
 */
export async function enactAdopted(tx: StoreTx, proposal: Proposal, accepted: readonly { readonly referral: Referral; readonly assembly: Assembly; readonly motionNumber?: number | null }[], at: Date): Promise<void> {
  // One entry per assembly (the first listed), so a batch naming an assembly twice enacts once.
  const byAssembly = new Map<AssemblyId, (typeof accepted)[number]>();
  for (const a of accepted) if (a.assembly.kind === 'local' && a.referral.depth > 0 && !byAssembly.has(a.assembly.id)) byAssembly.set(a.assembly.id, a);
  const locals = [...byAssembly.values()];
  if (locals.length === 0) return;
  const versionNumbers = [...new Set(locals.map((l) => l.referral.version))];
  const [federation, existing, ...versions] = await Promise.all([
    tx.federation(proposal.federationId),
    tx.laws.lawsFromProposal(
      locals.map((l) => l.assembly.id),
      proposal.id,
    ),
    ...versionNumbers.map((n) => tx.relay.version(proposal.id, n)),
  ]);
  const texts = new Map(versionNumbers.map((n, i) => [n, { title: versions[i]?.title ?? proposalRef(proposal), text: versions[i]?.text ?? '' }]));
  const fresh: NewLaw[] = [];
  const amended: { lawId: string; version: LawVersion }[] = [];
  const events: { assemblyId: AssemblyId; event: NewEvent }[] = [];
  for (const { referral, assembly, motionNumber } of locals) {
    const v = texts.get(referral.version) ?? { title: proposalRef(proposal), text: '' };
    const law = existing.get(assembly.id);
    if (law?.status === 'in-force') {
      const last = law.versions.at(-1);
      if (last && last.text === v.text && last.title === v.title) continue;
      const next = law.versions.length + 1;
      amended.push({ lawId: law.id, version: { version: next, title: v.title, text: v.text, motionNumber: motionNumber ?? null, at: at.toISOString() } });
      events.push({ assemblyId: assembly.id, event: { type: 'law.amended', actorId: null, payload: { law: law.number, version: next, proposal: proposalRef(proposal), proposalVersion: referral.version } } });
      continue;
    }
    fresh.push({
      assemblyId: assembly.id,
      title: v.title,
      text: v.text,
      motionNumber: null,
      at,
      source: { proposalId: proposal.id, proposalRef: proposalRef(proposal), proposalVersion: referral.version, federationId: proposal.federationId, federationName: federation?.name ?? '?', referralId: referral.id, acceptedByMotion: motionNumber ?? null },
    });
  }
  if (amended.length > 0) await tx.laws.addVersions(amended);
  for (const law of await tx.laws.enactMany(fresh)) {
    events.push({ assemblyId: law.assemblyId, event: { type: 'law.enacted', actorId: null, payload: { law: law.number, proposal: law.source?.proposalRef ?? null, federation: law.source?.federationName ?? null, title: law.versions[0]?.title ?? '' } } });
  }
  if (events.length > 0) await tx.relay.appendEventsMany(events, at);
}
