import { countIrv, countStv, groupRankings, SCALE, toBlt } from '../../../core/counting/index.js';
import type { Assembly, Motion } from '../../../core/model/entities.js';
import { formatRatio } from '../../../core/model/policy.js';
import { liveTally } from '../../../core/services/live-tally.js';
import { asMotionId } from '../../../core/shared/ids.js';
import { html, path, type Html } from '../html.js';
import { facts, page, pct, when } from '../layout.js';
import { tallyCell } from './assembly.page.js';
import { notFound, visibleAssembly, type PageContext, type PageResult, type Refusal } from './context.js';

/** The motion and its assembly, if the viewer may see that assembly. */
export async function visibleMotion(ctx: PageContext, id: string): Promise<{ motion: Motion; assembly: Assembly } | Refusal> {
  if (!ctx.isId(id)) return notFound;
  const motion = await ctx.reads.motion(asMotionId(id));
  if (!motion) return notFound;
  const assembly = await visibleAssembly(ctx, await ctx.reads.assembly(motion.assemblyId));
  return 'refuse' in assembly ? assembly : { motion, assembly };
}

export async function motionPage(ctx: PageContext, id: string): Promise<PageResult> {
  const found = await visibleMotion(ctx, id);
  if ('refuse' in found) return found;
  const { motion: m, assembly: a } = found;
  const live = m.status === 'open' || m.status === 'proposed';
  const body = html`
<p class="crumbs"><a href="${path('a', a.id)}">${a.name}</a> › motion #${m.number}</p>
<h1>#${m.number} ${m.title}</h1>
${m.body ? html`<pre class="text">${m.body}</pre>` : ''}
${facts([
  ['Kind', m.kind],
  ['Method', `${m.method}${m.seats > 1 ? ` (${m.seats} seats)` : ''}`],
  ['Status', m.status],
  ['Ballot', m.secret ? 'secret: only counts are ever shown' : 'open'],
  ['Opened', when(m.opensAt)],
  [live ? 'Closes' : 'Closed', when(live ? m.closesAt : m.closedAt)],
])}
<h2>Rules</h2>
<ul>
<li><strong>Quorum:</strong> ${formatRatio(m.quorum)} of the active members must vote${m.quorum.num === 0 ? ' (none required)' : ''}; abstentions count towards it.</li>
<li><strong>Threshold:</strong> ${m.method === 'yes-no-abstain' ? `${formatRatio(m.threshold)} of the yes and no ballots must be yes; abstentions do not count either way.` : m.method === 'approval' ? `the ${m.seats > 1 ? `${m.seats} options` : 'option'} with the most approvals win${m.seats > 1 ? '' : 's'}.` : m.seats > 1 ? `single transferable vote, Droop quota, for ${m.seats} seats.` : 'instant-runoff: the option with fewest first preferences is excluded until one has a majority.'}</li>
</ul>
${m.options.length > 0 ? html`<h2>Options</h2><ol>${m.options.map((o) => html`<li>${o}</li>`)}</ol>` : ''}
<h2>${live ? 'Tally so far' : 'Result'}</h2>
${live ? await liveSection(ctx, m) : await resultSection(ctx, m)}`;
  return page({ title: `${a.name} #${m.number}`, kind: 'motion-page', scripts: live ? ['live'] : [] }, body);
}

async function liveSection(ctx: PageContext, m: Motion): Promise<Html> {
  const t = await liveTally(ctx.reads, m.id);
  return html`<p>${tallyCell(m, t?.ballots ?? 0, t?.counts ?? null)}</p>`;
}

async function resultSection(ctx: PageContext, m: Motion): Promise<Html> {
  const r = m.result;
  if (!r) return html`<p>This motion was ${m.status} without a count.</p>`;
  const tallyRows: Html =
    m.method === 'yes-no-abstain'
      ? html`${(['yes', 'no', 'abstain'] as const).map((k) => html`<tr><td>${k}</td><td class="num">${r.tally[k] ?? 0}</td></tr>`)}`
      : html`${m.options.map((o, i) => html`<tr><td>${o}${r.winners.includes(i) ? html` <span class="chip">${m.seats > 1 ? 'elected' : 'chosen'}</span>` : ''}</td><td class="num">${r.tally[String(i)] ?? 0}</td></tr>`)}`;
  return html`${facts([
    ['Outcome', html`<span class="${r.outcome}">${r.outcome.toUpperCase()}</span>`],
    ['Turnout', `${r.ballots} of ${r.eligible} (${pct(r.ballots, r.eligible)})`],
    ['Quorum', r.quorumMet ? 'met' : 'not met'],
  ])}
<p>${r.summary}</p>
<table><caption>${m.method === 'ranked' ? 'First preferences' : m.method === 'approval' ? 'Approvals' : 'Ballots'}</caption><thead><tr><th scope="col">Answer</th><th scope="col" class="num">Count</th></tr></thead><tbody>${tallyRows}</tbody></table>
${m.method === 'ranked' && r.ballots > 0 ? await rankedStages(ctx, m) : ''}`;
}

/** The count, stage by stage, recomputed from the stored ballots (the same count `audit verify` repeats). */
async function rankedStages(ctx: PageContext, m: Motion): Promise<Html> {
  const rankings = (await ctx.reads.ballots(m.id)).flatMap((b) => (b.choice.kind === 'ranked' ? [b.choice.ranking] : []));
  const head = html`<tr><th scope="col">Stage</th>${m.options.map((o) => html`<th scope="col" class="num">${o}</th>`)}<th scope="col">What happened</th></tr>`;
  const name = (i: number | null | undefined): string => (i === null || i === undefined ? '' : (m.options[i] ?? `#${i + 1}`));
  let rows: Html;
  if (m.seats === 1) {
    const r = countIrv({ candidateCount: m.options.length, ballots: rankings });
    if (!r.ok) return html``;
    rows = html`${r.value.rounds.map((s) => html`<tr><td>${s.number}</td>${s.totals.map((t) => html`<td class="num">${t}</td>`)}<td>${s.elected !== null ? `${name(s.elected)} elected` : s.excluded !== null ? `${name(s.excluded)} excluded` : ''}${s.exhausted > 0 ? ` · ${s.exhausted} exhausted` : ''}</td></tr>`)}`;
  } else {
    const r = countStv({ candidateCount: m.options.length, seats: m.seats, ballots: rankings });
    if (!r.ok) return html``;
    const scale = (n: number): string => (n / SCALE).toFixed(2);
    rows = html`${r.value.stages.map((s) => html`<tr><td>${s.number}</td>${s.totals.map((t) => html`<td class="num">${scale(t)}</td>`)}<td>${s.action.kind === 'first-preferences' ? 'first preferences' : s.action.kind === 'surplus' ? `surplus of ${name(s.action.candidate)} transferred` : `${name(s.action.candidate)} excluded`}${s.elected.length > 0 ? ` · elected: ${s.elected.map(name).join(', ')}` : ''}</td></tr>`)}`;
  }
  return html`<h2>Count by stages</h2><div class="scroll"><table class="stages"><thead>${head}</thead><tbody>${rows}</tbody></table></div>
<p><a href="${path('m', m.id, 'blt')}" download>Download the ballots (BLT)</a> to recount with any STV program or <code>plenary tally --blt</code>.</p>`;
}

/** The BLT file of a closed ranked motion (identical rankings grouped: no voters, no casting order). */
export async function motionBlt(ctx: PageContext, id: string): Promise<{ filename: string; content: string } | Refusal> {
  const found = await visibleMotion(ctx, id);
  if ('refuse' in found) return found;
  const { motion: m, assembly: a } = found;
  if (m.method !== 'ranked' || !m.result) return notFound;
  const rankings = (await ctx.reads.ballots(m.id)).flatMap((b) => (b.choice.kind === 'ranked' ? [b.choice.ranking] : []));
  const groups = groupRankings([...rankings].sort((x, y) => x.join(' ').localeCompare(y.join(' '))));
  return { filename: `motion-${m.number}.blt`, content: toBlt({ candidates: m.options, seats: m.seats, withdrawn: [], ballots: groups, title: `${a.name} motion #${m.number}: ${m.title}` }) };
}
