import type { Assembly } from '../model/entities.js';
import type { NewEvent, StoreTx } from '../ports/store.port.js';
import type { AssemblyId } from '../shared/ids.js';
import { proposalRef, type Proposal, type Referral } from '../relay/model.js';
import type { NewLaw } from './model.js';

/**
 * A federation's proposal that a local assembly accepted and that was adopted
 * binds that assembly (DOMAIN.md §7.5): it enters its law book, from the
 * adoption (or from its acceptance, when it accepts later). Called by the
 * relay where either happens, for many assemblies at once; an assembly whose
 * book already holds it in force keeps that law (a later version it accepted
 * becomes the law's next text).
 */
export async function enactAdopted(tx: StoreTx, proposal: Proposal, accepted: readonly { readonly referral: Referral; readonly assembly: Assembly; readonly motionNumber?: number | null }[], at: Date): Promise<void> {
  const locals = accepted.filter((a) => a.assembly.kind === 'local' && a.referral.depth > 0);
  if (locals.length === 0) return;
  const federation = await tx.federation(proposal.federationId);
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
  const events: { assemblyId: AssemblyId; event: NewEvent }[] = [];
  for (const { referral, assembly, motionNumber } of locals) {
    const v = await versionOf(referral.version);
    const existing = await tx.laws.lawFromProposal(assembly.id, proposal.id);
    if (existing?.status === 'in-force') {
      const last = existing.versions.at(-1);
      if (last && last.text === v.text && last.title === v.title) continue;
      await tx.laws.addVersion(existing.id, { version: existing.versions.length + 1, title: v.title, text: v.text, motionNumber: motionNumber ?? null, at: at.toISOString() });
      events.push({ assemblyId: assembly.id, event: { type: 'law.amended', actorId: null, payload: { law: existing.number, version: existing.versions.length + 1, proposal: proposalRef(proposal), proposalVersion: referral.version } } });
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
  for (const law of await tx.laws.enactMany(fresh)) {
    events.push({ assemblyId: law.assemblyId, event: { type: 'law.enacted', actorId: null, payload: { law: law.number, proposal: law.source?.proposalRef ?? null, federation: law.source?.federationName ?? null, title: law.versions[0]?.title ?? '' } } });
  }
  if (events.length > 0) await tx.relay.appendEventsMany(events, at);
}
