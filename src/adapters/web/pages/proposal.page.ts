import { lineDiff } from '../../../core/relay/diff.js';
import { describeRule, notReached, proposalRef, ruleMet, type Proposal, type Referral, type SubtreeTally } from '../../../core/relay/model.js';
import { asProposalId } from '../../../core/shared/ids.js';
import { html, path, type Html } from '../html.js';
import { facts, page, when } from '../layout.js';
import { notFound, visibleAssembly, type PageContext, type PageResult, type Refusal } from './context.js';

export const TREE_PAGE = 50;

/** By number (`/p/12`) or id (links in announcements); shown when its drafting assembly is. */
async function visibleProposal(ctx: PageContext, ref: string): Promise<Proposal | Refusal> {
  const p = /^\d{1,9}$/.test(ref) ? await ctx.reads.relay.proposalByNumber(Number(ref)) : ctx.isId(ref) ? await ctx.reads.relay.proposal(asProposalId(ref)) : null;
  if (!p) return notFound;
  const origin = await visibleAssembly(ctx, await ctx.reads.assembly(p.originAssemblyId));
  return 'refuse' in origin ? origin : p;
}

/** A stacked bar and the numbers of one subtree. */
export function tallyBar(t: SubtreeTally): Html {
  const w = (n: number): string => `w${Math.round((t.localTotal > 0 ? n / t.localTotal : 0) * 100)}`;
  return html`<div class="bar" role="img" aria-label="${t.accepted} accepted, ${t.rejected} rejected, ${t.amendRequested} asked to amend, ${t.pending} pending of ${t.localTotal}"><span class="acc ${w(t.accepted)}"></span><span class="rej ${w(t.rejected)}"></span><span class="amd ${w(t.amendRequested)}"></span><span class="pen ${w(t.pending)}"></span></div>
<p class="counts">${t.accepted} accepted · ${t.rejected} rejected · ${t.amendRequested} asked to amend · ${t.pending} pending${notReached(t) > 0 ? ` · ${notReached(t)} not reached` : ''} — of ${t.localTotal} local assemblies; ${t.membersCovered} members covered</p>`;
}

export async function proposalPage(ctx: PageContext, ref: string, versionParam: string | undefined): Promise<PageResult> {
  const p = await visibleProposal(ctx, ref);
  if ('refuse' in p) return p;
  const r = ctx.reads.relay;
  const [versions, origin, root] = await Promise.all([r.versions(p.id), ctx.reads.assembly(p.originAssemblyId), r.rootReferral(p.id, p.currentVersion)]);
  const n = versionParam && /^\d{1,4}$/.test(versionParam) ? Number(versionParam) : p.currentVersion;
  const v = versions.find((x) => x.version === n);
  if (!v) return notFound;
  const prev = versions.find((x) => x.version === n - 1);
  const [acceptedAll, rejected, amends] = root ? await Promise.all([r.decided(p.id, p.currentVersion, 'accepted', 200), r.decided(p.id, p.currentVersion, 'rejected', 20), r.decided(p.id, p.currentVersion, 'amend-requested', 20)]) : [[], [], []];
  // A proposal binds the local assemblies (level 0) that accepted it; an assembly of delegates accepting only passes it on.
  const levels = await r.assembliesWithBindings(acceptedAll.map((d) => d.assemblyId));
  const accepted = acceptedAll.filter((d) => levels.get(d.assemblyId)?.assembly.level === 0).slice(0, 100);
  const timeline = [
    ...versions.map((x) => ({ at: x.createdAt, what: `version ${x.version} issued${x.changeNote ? `: ${x.changeNote}` : ''}` })),
    ...(p.adoptedAt ? [{ at: p.adoptedAt, what: 'adopted' }] : []),
    ...(p.closedAt ? [{ at: p.closedAt, what: p.status === 'adopted' ? 'closed to new acceptances' : p.status }] : []),
    ...[...acceptedAll.filter((d) => d.depth > 0).slice(0, 20), ...rejected, ...amends].flatMap((d) => (d.decidedAt ? [{ at: d.decidedAt, what: `${d.assemblyName} ${d.status}${d.reason ? ` (${d.reason})` : ''}` }] : [])),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const body = html`
<p class="crumbs">Proposal ${proposalRef(p)} from ${origin ? html`<a href="${path('a', origin.id)}">${origin.name}</a>` : '?'}</p>
<h1>${proposalRef(p)} v${v.version}: ${v.title}</h1>
${facts([
  ['Status', p.status],
  ['Adoption rule', describeRule(p.adoptionRule)],
  ['Rule met', root ? (ruleMet(p.adoptionRule, root) ? 'yes' : 'not yet') : '—'],
  ['Deadline', when(p.deadline)],
  ['Versions', html`${versions.map((x, i) => html`${i > 0 ? ' · ' : ''}${x.version === n ? html`<strong>${x.version}</strong>` : html`<a href="${path('p', p.number)}?v=${x.version}">${x.version}</a>`}`)}`],
])}
<h2>Text</h2>
<pre class="text">${v.text}</pre>
${prev ? html`<h2>What changed from version ${prev.version}${v.changeNote ? html` (${v.changeNote})` : ''}</h2><pre class="text diff">${diffLines(lineDiff(prev.text, v.text))}</pre>` : ''}
<h2>Progress of version ${p.currentVersion}</h2>
${root ? tallyBar(root) : html`<p class="muted">Not relayed yet.</p>`}
${root ? html`<h2>Relay tree</h2>${await treeLevel(ctx, p, root, undefined)}` : ''}
<h2>Who is bound</h2>
${accepted.length === 0 ? html`<p>Nobody yet: a proposal binds only the local assemblies that accept it${p.status === 'adopted' ? '' : ', once it is adopted'}.</p>` : html`<p>${p.status === 'adopted' ? 'It binds' : 'If adopted, it binds'} the assemblies that accepted it${accepted.length === 100 ? ' (the first 100 shown)' : ''}:</p><ul>${accepted.map((d) => html`<li>${d.assemblyName}</li>`)}</ul>`}
<h2>Timeline</h2>
<ol class="timeline">${timeline.map((t) => html`<li><time datetime="${t.at.toISOString()}">${when(t.at)}</time> ${t.what}</li>`)}</ol>`;
  return page({ title: `${proposalRef(p)} ${v.title}`, kind: 'proposal-page' }, body);
}

/** A `lineDiff` with its added and removed lines marked (also on law pages). */
export const diffLines = (d: string): Html => html`${d.split('\n').map((l) => (l.startsWith('+ ') ? html`<ins>${l}</ins>\n` : l.startsWith('- ') ? html`<del>${l}</del>\n` : html`${l}\n`))}`;

/** One referral's member assemblies, a page at a time, each with its subtree's counts and a link further down. */
async function treeLevel(ctx: PageContext, p: Proposal, parent: Referral, after: string | undefined): Promise<Html> {
  const kids = await ctx.reads.relay.childReferrals(parent.id, TREE_PAGE + 1, after ? (after as Referral['assemblyId']) : undefined);
  const shown = kids.slice(0, TREE_PAGE);
  const names = await ctx.reads.relay.assembliesWithBindings(shown.map((k) => k.assemblyId));
  if (shown.length === 0) return html`<p class="muted">No member assemblies offered it ${after ? 'after these' : 'yet'}.</p>`;
  const last = shown.at(-1);
  return html`<table><thead><tr><th scope="col">Assembly</th><th scope="col">Decision</th><th scope="col" class="num">Accepted</th><th scope="col" class="num">Rejected</th><th scope="col" class="num">Amend</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Of</th><th scope="col" class="num">Members covered</th></tr></thead><tbody>
${shown.map((k) => {
  const a = names.get(k.assemblyId)?.assembly;
  const name = a && a.policy.webVisibility !== 'off' ? a.name : 'an assembly';
  return html`<tr><td>${k.localTotal > 1 ? html`<a href="${path('p', p.number, 'r', k.id)}">${name}</a>` : name}</td><td>${k.status}${k.reason ? html` <span class="muted">(${k.reason})</span>` : ''}</td><td class="num">${k.accepted}</td><td class="num">${k.rejected}</td><td class="num">${k.amendRequested}</td><td class="num">${k.pending}</td><td class="num">${k.localTotal}</td><td class="num">${k.membersCovered}</td></tr>`;
})}</tbody></table>
${kids.length > TREE_PAGE && last ? html`<p class="pager"><a href="${path('p', p.number, 'r', parent.id)}?after=${encodeURIComponent(last.assemblyId)}">Next ${TREE_PAGE}</a></p>` : ''}`;
}

/** `/p/:ref/r/:referral`: a subtree of the relay tree. */
export async function referralPage(ctx: PageContext, ref: string, referralId: string, after: string | undefined): Promise<PageResult> {
  const p = await visibleProposal(ctx, ref);
  if ('refuse' in p) return p;
  if (!ctx.isId(referralId) || (after !== undefined && !ctx.isId(after))) return notFound;
  const node = await ctx.reads.relay.referral(referralId);
  if (!node || node.proposalId !== p.id) return notFound;
  const a = await ctx.reads.assembly(node.assemblyId);
  const name = a && a.policy.webVisibility !== 'off' ? a.name : 'an assembly';
  const body = html`<p class="crumbs"><a href="${path('p', p.number)}">${proposalRef(p)}</a> › version ${node.version} › ${name}</p>
<h1>${name}: ${node.status}</h1>
${tallyBar(node)}
${await treeLevel(ctx, p, node, after)}`;
  return page({ title: `${proposalRef(p)}: ${name}`, kind: 'proposal-page' }, body);
}
