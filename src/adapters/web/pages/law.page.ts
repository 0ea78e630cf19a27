import { committeeOf, seated } from '../../../core/laws/committees.js';
import { currentVersion, type Law, type LawNote } from '../../../core/laws/model.js';
import type { Assembly } from '../../../core/model/entities.js';
import { lineDiff } from '../../../core/relay/diff.js';
import { asAssemblyId } from '../../../core/shared/ids.js';
import { html, path, type Html } from '../html.js';
import { facts, page, when } from '../layout.js';
import { notFound, visibleAssembly, type PageContext, type PageResult } from './context.js';
import { diffLines } from './proposal.page.js';

const day = (d: Date | string | null): string => (d === null ? '—' : (typeof d === 'string' ? d : d.toISOString()).slice(0, 10));

/** The assembly page's "Laws" and "Committees" sections (local assemblies only: only they keep a law book). */
export async function lawSections(ctx: PageContext, a: Assembly): Promise<Html> {
  if (a.kind !== 'local') return html``;
  const [laws, committeeIds] = await Promise.all([ctx.reads.laws.laws(a.id, false), ctx.reads.laws.committeesOf(a.id)]);
  const lawRows = laws.map((l) => html`<tr><td class="num">${l.number}</td><td><a href="${path('a', a.id, 'laws', l.number)}">${currentVersion(l).title}</a></td><td>${day(l.passedAt)}</td></tr>`);
  const committees = await Promise.all(
    committeeIds.map(async (id) => {
      const row = await ctx.reads.assembly(id);
      const c = row ? await committeeOf(ctx.reads, row) : null;
      if (!c) return html``;
      const members = await seated(ctx.reads, c.assembly);
      const ended = c.ended || ctx.now() >= c.terms.endsAt;
      return html`<tr><td>${c.assembly.name}</td><td>${c.terms.mandate}${c.terms.laws.length > 0 ? html` <span class="muted">(law ${c.terms.laws.join(', ')})</span>` : ''}</td><td>${members.length} of ${c.terms.seats}${members.length > 0 ? html`: ${members.map((m) => m.displayName).join(', ')}` : ''}</td><td>${ended ? html`ended (term ${day(c.terms.endsAt)})` : day(c.terms.endsAt)}</td></tr>`;
    }),
  );
  return html`<h2>Laws</h2>
${laws.length === 0 ? html`<p class="muted">None in force yet: a resolution that passes here becomes a law.</p>` : html`<table><thead><tr><th scope="col" class="num">Law</th><th scope="col">Title</th><th scope="col">In force since</th></tr></thead><tbody>${lawRows}</tbody></table>`}
<h2>Committees</h2>
${committeeIds.length === 0 ? html`<p class="muted">None.</p>` : html`<table><thead><tr><th scope="col">Committee</th><th scope="col">Mandate</th><th scope="col">Seats</th><th scope="col">Term ends</th></tr></thead><tbody>${committees}</tbody></table>`}`;
}

const noteKind = (n: LawNote): string => (n.kind === 'report' ? 'report' : n.kind === 'annulment' ? 'annulled' : 'required to leave');

async function origin(ctx: PageContext, a: Assembly, law: Law): Promise<Html> {
  const s = law.source;
  if (s) {
    const accepted = s.acceptedByMotion ? await ctx.reads.motionByNumber(a.id, s.acceptedByMotion) : null;
    return html`<a href="${path('p', s.proposalId)}">${s.proposalRef}</a> v${s.proposalVersion} of <a href="${path('f', s.federationId)}">${s.federationName}</a>, accepted${accepted ? html` by <a href="${path('m', accepted.id)}">motion #${accepted.number}</a>` : ''} and adopted`;
  }
  const n = law.versions[0]?.motionNumber ?? null;
  const m = n === null ? null : await ctx.reads.motionByNumber(a.id, n);
  return m ? html`<a href="${path('m', m.id)}">motion #${m.number} ${m.title}</a>` : html`motion #${n ?? '?'}`;
}

/** `/a/<assembly>/laws/<n>`: a law's text, where it came from, its versions with what changed, its repeal and what is kept under it. */
export async function lawPage(ctx: PageContext, id: string, numberParam: string): Promise<PageResult> {
  if (!ctx.isId(id) || !/^[1-9]\d{0,8}$/.test(numberParam)) return notFound;
  const a = await visibleAssembly(ctx, await ctx.reads.assembly(asAssemblyId(id)));
  if ('refuse' in a) return a;
  const law = a.kind === 'local' ? await ctx.reads.laws.law(a.id, Number(numberParam)) : null;
  if (!law) return notFound;
  const v = currentVersion(law);
  const [notes, from, repealer] = await Promise.all([
    ctx.reads.laws.notes(law.id),
    origin(ctx, a, law),
    law.repealedByMotion === null ? null : ctx.reads.motionByNumber(a.id, law.repealedByMotion),
  ]);
  const versions = law.versions.map((x, i) => {
    const prev = law.versions[i - 1];
    const by = x.motionNumber === null ? "the federation's new version" : `motion #${x.motionNumber}`;
    return html`<h3>Version ${x.version} (${i === 0 ? 'as passed' : by}, ${day(x.at)})</h3>
${prev ? html`<pre class="text diff">${diffLines(lineDiff(prev.text, x.text))}</pre>` : html`<pre class="text">${x.text}</pre>`}`;
  });
  const body = html`
<p class="crumbs"><a href="${path('a', a.id)}">${a.name}</a> › law ${law.number}</p>
<h1>Law ${law.number}: ${v.title}</h1>
${facts([
  ['Status', law.status === 'in-force' ? 'in force' : html`repealed by ${repealer ? html`<a href="${path('m', repealer.id)}">motion #${repealer.number}</a>` : `motion #${law.repealedByMotion ?? '?'}`} on ${day(law.repealedAt)}`],
  ['Passed', when(law.passedAt)],
  ['From', from],
  ['Version', `${v.version} of ${law.versions.length}`],
])}
<h2>Text</h2>
<pre class="text">${v.text}</pre>
${law.versions.length > 1 ? html`<h2>Versions</h2>${versions}` : ''}
<h2>Kept under this law</h2>
${notes.length === 0 ? html`<p class="muted">Nothing yet (committee reports, annulled circle decisions).</p>` : html`<ul>${notes.map((n) => html`<li>${day(n.at)} <strong>${noteKind(n)}</strong>: ${n.text}</li>`)}</ul>`}`;
  return page({ title: `${a.name} · law ${law.number}`, kind: 'law-page' }, body);
}
