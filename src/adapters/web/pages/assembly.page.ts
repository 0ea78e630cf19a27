import { delegateRecord } from '../../../core/federation/accountability.js';
import { CLOSED_STATUSES, type Assembly, type Motion } from '../../../core/model/entities.js';
import { formatRatio, kindDefaults, MOTION_KINDS } from '../../../core/model/policy.js';
import { liveTally } from '../../../core/services/live-tally.js';
import { asAssemblyId } from '../../../core/shared/ids.js';
import { html, path, type Html } from '../html.js';
import { facts, page, pct, when } from '../layout.js';
import { lawSections } from './law.page.js';
import { visibleAssembly, type PageContext, type PageResult } from './context.js';

export async function assemblyPage(ctx: PageContext, id: string): Promise<PageResult> {
  if (!ctx.isId(id)) return { refuse: 'not-found' };
  const a = await visibleAssembly(ctx, await ctx.reads.assembly(asAssemblyId(id)));
  if ('refuse' in a) return a;
  const reads = ctx.reads;
  const [members, bindings, open, closed, head, checkpoint, parents, laws] = await Promise.all([
    reads.countMembers(a.id, 'active'),
    reads.bindingsOf(a.id),
    reads.motions(a.id, ['open', 'proposed'], 50),
    reads.motions(a.id, CLOSED_STATUSES, 20),
    reads.chainHead(a.id),
    reads.checkpointOf(a.id),
    reads.parentEdges(a.id),
    lawSections(ctx, a),
  ]);
  const p = a.policy;
  const verified = ctx.verifications.get(a.id);
  const body = html`
<p class="crumbs"><span class="chip">${a.kind}</span> level ${a.level}</p>
<h1>${a.name}</h1>
${p.valuesStatement ? html`<p class="values"><strong>Values:</strong> ${p.valuesStatement}</p>` : ''}
${facts([
  ['Members', members],
  ['Admission', p.admission],
  ['Seconds required', p.secondsRequired],
  ['Early close', p.earlyClose ? 'when everyone has voted' : 'never'],
  ['Web view', p.webVisibility],
  ['Rooms', bindings.length === 0 ? '—' : html`${bindings.map((b, i) => html`${i > 0 ? ', ' : ''}${b.platform} (${b.purpose})`)}`],
])}
<details><summary>Defaults per kind of motion</summary>
<table><thead><tr><th scope="col">Kind</th><th scope="col">Quorum</th><th scope="col">Threshold</th><th scope="col" class="num">Hours</th><th scope="col">Ballot</th></tr></thead><tbody>
${MOTION_KINDS.map((k) => {
  const d = kindDefaults(p, k);
  return html`<tr><td>${k}</td><td>${formatRatio(d.quorum)}</td><td>${formatRatio(d.threshold)}</td><td class="num">${d.votingHours}</td><td>${d.secret ? 'secret' : 'open'}</td></tr>`;
})}
</tbody></table></details>
<h2>Open motions</h2>
${open.length === 0 ? html`<p class="muted">None.</p>` : await openTable(ctx, open)}
<h2>Closed motions</h2>
${closed.length === 0 ? html`<p class="muted">None yet.</p>` : closedTable(closed)}
${laws}
<h2>Delegates</h2>
${parents.length === 0 ? html`<p class="muted">${a.name} sends no delegates (it is in no federation as a member).</p>` : await delegates(ctx, a, parents)}
<h2>Record</h2>
${facts([
  ['Chain head', head ? html`#${head.seq} <code>${head.hash.slice(0, 12)}</code>` : '—'],
  ['Last checkpoint posted', checkpoint && checkpoint.seq > 0 ? `#${checkpoint.seq} at ${when(checkpoint.at)}` : 'none yet'],
  ['Last verified here', verified ? `${verified.clean ? 'clean' : 'PROBLEMS FOUND'} at ${when(verified.at)}` : 'not yet'],
])}
<p><a href="${path('record', a.id)}">Verify and download the record</a></p>`;
  return page({ title: a.name, kind: 'assembly-page', scripts: open.length > 0 ? ['live'] : [] }, body);
}

async function openTable(ctx: PageContext, motions: readonly Motion[]): Promise<Html> {
  const rows = await Promise.all(
    motions.map(async (m) => {
      const t = await liveTally(ctx.reads, m.id);
      return html`<tr><td><a href="${path('m', m.id)}">#${m.number} ${m.title}</a></td><td>${m.kind}</td><td>${m.status}</td><td>${when(m.closesAt)}</td><td>${tallyCell(m, t?.ballots ?? 0, t?.counts ?? null)}</td></tr>`;
    }),
  );
  return html`<table><thead><tr><th scope="col">Motion</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Closes</th><th scope="col">Tally so far</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A live tally cell the SSE script updates; a secret ballot shows only how many voted. */
export function tallyCell(m: Motion, ballots: number, counts: Readonly<Record<string, number>> | null): Html {
  return html`<span class="live" data-motion="${m.id}" aria-live="polite">${tallyText(m, ballots, counts)}</span>`;
}

export function tallyText(m: Pick<Motion, 'method' | 'options'>, ballots: number, counts: Readonly<Record<string, number>> | null): string {
  if (!counts) return `${ballots} ballot(s) cast (secret ballot: tally at the close)`;
  if (m.method === 'yes-no-abstain') return `Yes ${counts.yes ?? 0} · No ${counts.no ?? 0} · Abstain ${counts.abstain ?? 0} (${ballots} ballots)`;
  return `${m.options.map((o, i) => `${o}: ${counts[String(i)] ?? 0}`).join(' · ')} (${ballots} ballots${m.method === 'ranked' ? ', first preferences' : ''})`;
}

function closedTable(motions: readonly Motion[]): Html {
  return html`<table><thead><tr><th scope="col">Motion</th><th scope="col">Outcome</th><th scope="col">Turnout</th><th scope="col">Closed</th></tr></thead><tbody>
${motions.map((m) => {
  const r = m.result;
  return html`<tr><td><a href="${path('m', m.id)}">#${m.number} ${m.title}</a></td><td class="${r?.outcome ?? ''}">${r ? r.outcome : m.status}</td><td>${r ? `${r.ballots} of ${r.eligible} (${pct(r.ballots, r.eligible)})` : '—'}</td><td>${when(m.closedAt)}</td></tr>`;
})}</tbody></table>`;
}

async function delegates(ctx: PageContext, a: Assembly, edges: Awaited<ReturnType<PageContext['reads']['parentEdges']>>): Promise<Html> {
  const reads = ctx.reads;
  const parts = await Promise.all(
    edges.map(async (e) => {
      const [f, parent, seats] = await Promise.all([reads.federation(e.federationId), reads.assembly(e.parentAssemblyId), reads.seats({ edgeId: e.id, status: 'active' })]);
      const rows = await Promise.all(
        seats.map(async (s) => {
          const [person, record] = await Promise.all([reads.person(s.personId), delegateRecord(reads, s.personId, a.id, e.parentAssemblyId, 10)]);
          // Only closed motions: how a delegate votes on an open ballot is not announced anywhere yet.
          const lines = record.filter((l) => CLOSED_STATUSES.includes(l.motion.status));
          return html`<li><strong>${person?.displayName ?? '?'}</strong> <span class="muted">since ${when(s.startedAt)}</span>
${lines.length === 0 ? html`<p class="muted">No closed votes yet.</p>` : html`<ul>${lines.map((l) => html`<li>#${l.motion.number} ${l.motion.title}: ${l.voided ? 'ballot void' : l.ballot}${l.mandate ? html` — <span class="${l.mandate === 'followed' ? 'passed' : 'failed'}">${l.mandate === 'followed' ? 'followed the mandate' : 'broke the mandate'}</span>` : ''}</li>`)}</ul>`}</li>`;
        }),
      );
      return html`<h3>${f?.name ?? '?'} → <a href="${path('f', e.federationId, 'a', e.parentAssemblyId)}">${parent?.name ?? '?'}</a> (${e.seats} seat(s))</h3>
${rows.length === 0 ? html`<p class="muted">No delegate sits now.</p>` : html`<ul>${rows}</ul>`}`;
    }),
  );
  return html`${parts}`;
}
