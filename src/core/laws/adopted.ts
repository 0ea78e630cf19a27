import type { Assembly } from '../model/entities.js';
import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { AssemblyId, MotionId } from '../shared/ids.js';
import { proposalRef, type Proposal, type Referral } from '../relay/model.js';
import type { LawVersion, NewLaw } from './model.js';

/**
 * A federation's proposal that a local assembly accepted and that was adopted
 * binds that assembly (DOMAIN.md §7.5): it enters its law book, from the
 * adoption (or from its acceptance, when it accepts later), naming the
 * assembly's response motion that accepted it. Called by the relay where
 * either happens, for many assemblies at once, in a fixed number of
 * statements: the books are locked first (in id order, as every relay batch
 * locks assemblies, and as a closing resolution locks its one), so a law
 * numbered here and one passed there at the same moment never take one
 * number. An assembly whose book already holds it in force keeps that law (a
 * later version it accepted becomes the law's next text).
 */
export async function enactAdopted(tx: StoreTx, proposal: Proposal, accepted: readonly { readonly referral: Referral; readonly assembly: Assembly }[], at: Date): Promise<void> {
  // One entry per assembly (the first listed), so a batch naming an assembly twice enacts once.
  const byAssembly = new Map<AssemblyId, (typeof accepted)[number]>();
  for (const a of accepted) if (a.assembly.kind === 'local' && a.referral.depth > 0 && !byAssembly.has(a.assembly.id)) byAssembly.set(a.assembly.id, a);
  const locals = [...byAssembly.values()];
  if (locals.length === 0) return;
  const ids = locals.map((l) => l.assembly.id);
  await tx.laws.lockBooks(ids);
  const motionIds = locals.flatMap((l): MotionId[] => (l.referral.responseMotionId ? [l.referral.responseMotionId] : []));
  const [federation, existing, numbers] = await Promise.all([tx.federation(proposal.federationId), tx.laws.lawsFromProposal(ids, proposal.id), tx.laws.passedMotionNumbers(motionIds)]);
  const texts = new Map<number, { title: string; text: string }>();
  const versionOf = async (n: number): Promise<{ title: string; text: string }> => {
    const known = texts.get(n);
    if (known) return known;
    const v = await tx.relay.version(proposal.id, n);
    const t = { title: v?.title ?? proposalRef(proposal), text: v?.text ?? '' };
    texts.set(n, t);
    return t;
  };
  const fresh: NewLaw[] = [];
  const versions: { lawId: string; version: LawVersion }[] = [];
  const events: { assemblyId: AssemblyId; event: NewEvent }[] = [];
  for (const { referral, assembly } of locals) {
    const v = await versionOf(referral.version);
    const acceptedByMotion = (referral.responseMotionId && numbers.get(referral.responseMotionId)) ?? null;
    const law = existing.get(assembly.id);
    if (law?.status === 'in-force') {
      const last = law.versions.at(-1);
      if (last && last.text === v.text && last.title === v.title) continue;
      versions.push({ lawId: law.id, version: { version: law.versions.length + 1, title: v.title, text: v.text, motionNumber: null, at: at.toISOString() } });
      events.push({ assemblyId: assembly.id, event: { type: 'law.amended', actorId: null, payload: { law: law.number, version: law.versions.length + 1, proposal: proposalRef(proposal), proposalVersion: referral.version, acceptedByMotion } } });
      continue;
    }
    fresh.push({
      assemblyId: assembly.id,
      title: v.title,
      text: v.text,
      motionNumber: null,
      at,
      source: { proposalId: proposal.id, proposalRef: proposalRef(proposal), proposalVersion: referral.version, federationId: proposal.federationId, federationName: federation?.name ?? '?', referralId: referral.id, acceptedByMotion },
    });
  }
  await tx.laws.addVersions(versions);
  for (const law of await tx.laws.enactMany(fresh)) {
    events.push({ assemblyId: law.assemblyId, event: { type: 'law.enacted', actorId: null, payload: { law: law.number, proposal: law.source?.proposalRef ?? null, federation: law.source?.federationName ?? null, acceptedByMotion: law.source?.acceptedByMotion ?? null, title: law.versions[0]?.title ?? '' } } });
  }
  if (events.length > 0) await tx.relay.appendEventsMany(events, at);
}
