import { storedText } from '../i18n/stored.js';
import { personal, type OutMessage } from '../messages/message.js';
import type { StoreReads } from '../ports/store.port.js';
import { ok, type Result } from '../shared/result.js';
import { ENGLISH, errT, selector, type Speech } from '../i18n/index.js';
import { lineDiff } from './diff.js';
import { groupAmendments, tallyLine } from './messages.js';
import { describeRule, parseProposalRef, proposalRef, type Proposal } from './model.js';

export async function findProposal(reads: StoreReads, ref: string): Promise<Result<Proposal>> {
  const n = parseProposalRef(ref);
  if (n === null) return errT('bad-input', 'relay.ref.invalid', { ref });
  const p = await reads.relay.proposalByNumber(n);
  return p ? ok(p) : errT('not-found', 'relay.ref.none', { number: n });
}

const state = (p: Proposal, t: Speech): string => t.t('relay.proposalState', { status: p.closedAt && p.status === 'adopted' ? 'closed' : p.status });

/** `proposal show`: the text of a version, its rule, and what changed from the version before. */
export async function showProposal(reads: StoreReads, ref: string, versionNo?: number, t: Speech = ENGLISH, now?: Date): Promise<Result<OutMessage>> {
  const found = await findProposal(reads, ref);
  if (!found.ok) return found;
  const p = found.value;
  const n = versionNo ?? p.currentVersion;
  const [v, prev, origin] = await Promise.all([reads.relay.version(p.id, n), n > 1 ? reads.relay.version(p.id, n - 1) : Promise.resolve(null), reads.assembly(p.originAssemblyId)]);
  if (!v) return errT('not-found', 'relay.show.noVersion', { ref: proposalRef(p), current: p.currentVersion });
  const fields = [
    { name: t.t('field.status'), value: state(p, t), inline: true },
    { name: t.t('relay.field.version'), value: t.t('relay.show.versionOf', { version: n, of: p.currentVersion }), inline: true },
    { name: t.t('relay.field.draftedBy'), value: origin?.name ?? '?', inline: true },
    { name: t.t('relay.field.adoption'), value: describeRule(p.adoptionRule, t) },
    ...(p.deadline ? [{ name: t.t('relay.field.deadline'), value: now ? t.deadline(p.deadline, now) : t.date(p.deadline) }] : []),
    ...(prev ? [{ name: t.t('relay.field.changes', { version: prev.version, hasNote: v.changeNote ? 'yes' : 'no', note: v.changeNote ?? '' }), value: lineDiff(prev.text, v.text) }] : []),
  ];
  return ok(personal(`${proposalRef(p)} v${n}: ${v.title}`, v.text, { fields }));
}

const LEVEL_STATUSES = ['accepted', 'rejected', 'amend-requested', 'pending', 'superseded', 'withdrawn', 'expired'] as const;

/** `proposal status`: the whole tree's counts, per level, the origin's members, and grouped amendment requests and rejections. */
export async function proposalStatus(reads: StoreReads, ref: string, t: Speech = ENGLISH): Promise<Result<OutMessage>> {
  const found = await findProposal(reads, ref);
  if (!found.ok) return found;
  const p = found.value;
  const v = p.currentVersion;
  const [root, version, levels] = await Promise.all([reads.relay.rootReferral(p.id, v), reads.relay.version(p.id, v), reads.relay.levelCounts(p.id, v)]);
  if (!root || !version) return errT('not-found', 'relay.status.noTree', { ref: proposalRef(p) });
  const byDepth = new Map<number, Map<string, number>>();
  for (const l of levels) {
    if (l.depth === 0) continue;
    const m = byDepth.get(l.depth) ?? new Map<string, number>();
    m.set(l.status, l.count);
    byDepth.set(l.depth, m);
  }
  const referralState = (status: string): string => t.t('relay.referralState', { status: selector(status) });
  const levelLines = [...byDepth.entries()].map(([depth, m]) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const counts = LEVEL_STATUSES.filter((s) => m.get(s)).map((s) => t.t('relay.status.count', { n: m.get(s) ?? 0, status: selector(s) }));
    return t.t('relay.status.level', { depth, total, counts: counts.join(', ') });
  });
  const kids = await reads.relay.childReferrals(root.id, 25);
  const names = await reads.relay.assembliesWithBindings(kids.map((k) => k.assemblyId));
  const kidLines = kids.map((k) => `• ${names.get(k.assemblyId)?.assembly.name ?? '?'}: ${referralState(k.status)}${k.reason ? ` (${storedText(t, k.reason, k.reasonMessage)})` : ''} — ${tallyLine(k, t)}`);
  const [amends, rejections] = await Promise.all([reads.relay.decided(p.id, v, 'amend-requested', 1000), reads.relay.decided(p.id, v, 'rejected', 10)]);
  const amendLines = groupAmendments(amends).slice(0, 5).map((g) => `• (${g.assemblies.length}) ${g.text}`);
  const rejectLines = rejections.map((r) => `• ${r.assemblyName}: ${r.reason ? storedText(t, r.reason, r.reasonMessage) : t.t('relay.status.noReasons')}`);
  const fields = [
    { name: t.t('relay.field.wholeScope'), value: tallyLine(root, t) },
    ...(levelLines.length ? [{ name: t.t('relay.field.byLevel'), value: levelLines.join('\n') }] : []),
    ...(kidLines.length ? [{ name: t.t('relay.field.members'), value: kidLines.join('\n') }] : []),
    ...(amendLines.length ? [{ name: t.t('relay.field.amendments', { count: amends.length, more: amends.length === 1000 ? 'yes' : 'no' }), value: amendLines.join('\n') }] : []),
    ...(rejectLines.length ? [{ name: t.t('relay.field.rejections'), value: rejectLines.join('\n') }] : []),
  ];
  return ok(personal(`${proposalRef(p)} v${v}: ${version.title} — ${state(p, t)}`, describeRule(p.adoptionRule, t), { fields }));
}
