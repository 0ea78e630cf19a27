import { personal, type OutMessage } from '../messages/message.js';
import type { StoreReads } from '../ports/store.port.js';
import { err, ok, type Result } from '../shared/result.js';
import { lineDiff } from './diff.js';
import { groupAmendments, tallyLine } from './messages.js';
import { describeRule, parseProposalRef, proposalRef, type Proposal } from './model.js';

export async function findProposal(reads: StoreReads, ref: string): Promise<Result<Proposal>> {
  const n = parseProposalRef(ref);
  if (n === null) return err('bad-input', `"${ref}" is not a proposal reference; write it like P-12.`);
  const p = await reads.relay.proposalByNumber(n);
  return p ? ok(p) : err('not-found', `There is no proposal P-${n}.`);
}

const state = (p: Proposal): string => (p.closedAt && p.status === 'adopted' ? 'adopted (closed to new acceptances)' : p.status);

/** `proposal show`: the text of a version, its rule, and what changed from the version before. */
export async function showProposal(reads: StoreReads, ref: string, versionNo?: number): Promise<Result<OutMessage>> {
  const found = await findProposal(reads, ref);
  if (!found.ok) return found;
  const p = found.value;
  const n = versionNo ?? p.currentVersion;
  const [v, prev, origin] = await Promise.all([reads.relay.version(p.id, n), n > 1 ? reads.relay.version(p.id, n - 1) : Promise.resolve(null), reads.assembly(p.originAssemblyId)]);
  if (!v) return err('not-found', `${proposalRef(p)} has versions 1 to ${p.currentVersion}.`);
  const fields = [
    { name: 'Status', value: state(p), inline: true },
    { name: 'Version', value: `${n} of ${p.currentVersion}`, inline: true },
    { name: 'Drafted by', value: origin?.name ?? '?', inline: true },
    { name: 'Adoption', value: describeRule(p.adoptionRule) },
    ...(p.deadline ? [{ name: 'Deadline', value: p.deadline.toISOString() }] : []),
    ...(prev ? [{ name: `Changes from version ${prev.version}${v.changeNote ? ` (${v.changeNote})` : ''}`, value: lineDiff(prev.text, v.text) }] : []),
  ];
  return ok(personal(`${proposalRef(p)} v${n}: ${v.title}`, v.text, { fields }));
}

const LEVEL_STATUSES = ['accepted', 'rejected', 'amend-requested', 'pending', 'superseded', 'withdrawn', 'expired'] as const;

/** `proposal status`: the whole tree's counts, per level, the origin's members, and grouped amendment requests and rejections. */
export async function proposalStatus(reads: StoreReads, ref: string): Promise<Result<OutMessage>> {
  const found = await findProposal(reads, ref);
  if (!found.ok) return found;
  const p = found.value;
  const v = p.currentVersion;
  const [root, version, levels] = await Promise.all([reads.relay.rootReferral(p.id, v), reads.relay.version(p.id, v), reads.relay.levelCounts(p.id, v)]);
  if (!root || !version) return err('not-found', `${proposalRef(p)} has no relay tree yet.`);
  const byDepth = new Map<number, Map<string, number>>();
  for (const l of levels) {
    if (l.depth === 0) continue;
    const m = byDepth.get(l.depth) ?? new Map<string, number>();
    m.set(l.status, l.count);
    byDepth.set(l.depth, m);
  }
  const levelLines = [...byDepth.entries()].map(([depth, m]) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    return `Level ${depth} below: ${total} offered — ${LEVEL_STATUSES.filter((s) => m.get(s)).map((s) => `${m.get(s) ?? 0} ${s}`).join(', ')}`;
  });
  const kids = await reads.relay.childReferrals(root.id, 25);
  const names = await reads.relay.assembliesWithBindings(kids.map((k) => k.assemblyId));
  const kidLines = kids.map((k) => `• ${names.get(k.assemblyId)?.assembly.name ?? '?'}: ${k.status}${k.reason ? ` (${k.reason})` : ''} — ${tallyLine(k)}`);
  const [amends, rejections] = await Promise.all([reads.relay.decided(p.id, v, 'amend-requested', 1000), reads.relay.decided(p.id, v, 'rejected', 10)]);
  const amendLines = groupAmendments(amends).slice(0, 5).map((g) => `• (${g.assemblies.length}) ${g.text}`);
  const rejectLines = rejections.map((r) => `• ${r.assemblyName}: ${r.reason ?? 'no reasons given'}`);
  const fields = [
    { name: 'Whole scope', value: tallyLine(root) },
    ...(levelLines.length ? [{ name: 'By level', value: levelLines.join('\n') }] : []),
    ...(kidLines.length ? [{ name: 'Member assemblies of the drafters', value: kidLines.join('\n') }] : []),
    ...(amendLines.length ? [{ name: `Amendment requests (${amends.length}${amends.length === 1000 ? '+' : ''})`, value: amendLines.join('\n') }] : []),
    ...(rejectLines.length ? [{ name: 'Rejections', value: rejectLines.join('\n') }] : []),
  ];
  return ok(personal(`${proposalRef(p)} v${v}: ${version.title} — ${state(p)}`, describeRule(p.adoptionRule), { fields }));
}
