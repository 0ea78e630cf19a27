import type { Assembly } from '../../../core/model/entities.js';
import { auditAssembly, auditIsClean, exportAssembly, type AssemblyAudit } from '../../../core/services/audit.service.js';
import { asAssemblyId } from '../../../core/shared/ids.js';
import { html, path, type Html } from '../html.js';
import { facts, page, when } from '../layout.js';
import { notFound, visibleAssembly, type PageContext, type PageResult, type Refusal } from './context.js';

async function visibleById(ctx: PageContext, id: string): Promise<Assembly | Refusal> {
  if (!ctx.isId(id)) return notFound;
  return visibleAssembly(ctx, await ctx.reads.assembly(asAssemblyId(id)));
}

/** `/record?name=`: find an assembly's record by its name. */
export async function recordIndexPage(ctx: PageContext, name: string | undefined): Promise<PageResult> {
  const q = (name ?? '').trim().slice(0, 100);
  const a = q === '' ? null : await ctx.reads.assemblyByName(q);
  const body = html`<h1>The record</h1>
<p>Every assembly keeps a hash-chained record of everything it decides. Verify it here with the same checks as <code>plenary audit verify</code>, or download it (secret ballots without voters) and check it yourself with <code>plenary audit verify --file</code>.</p>
<form method="get" action="/record" role="search"><label for="name">Assembly name</label> <input type="search" id="name" name="name" maxlength="100" value="${q}"> <button type="submit">Find</button></form>
${q === '' ? '' : a && a.policy.webVisibility !== 'off' ? html`<p><a href="${path('record', a.id)}">${a.name}</a></p>` : html`<p>No assembly called "${q}" shows its record here.</p>`}`;
  return page({ title: 'Record', kind: 'record-page' }, body);
}

/** `/record/:id`: the chain head, the last checkpoint, the verify button, the export. */
export async function recordPage(ctx: PageContext, id: string, audit?: AssemblyAudit): Promise<PageResult> {
  const a = await visibleById(ctx, id);
  if ('refuse' in a) return a;
  const [head, checkpoint] = await Promise.all([ctx.reads.chainHead(a.id), ctx.reads.checkpointOf(a.id)]);
  const verified = ctx.verifications.get(a.id);
  const body = html`<p class="crumbs"><a href="${path('a', a.id)}">${a.name}</a> › record</p>
<h1>${a.name}: the record</h1>
${facts([
  ['Chain head', head ? html`#${head.seq} <code class="hash">${head.hash}</code>` : '—'],
  ['Last checkpoint posted in chat', checkpoint && checkpoint.seq > 0 ? `#${checkpoint.seq} at ${when(checkpoint.at)}` : 'none yet'],
  ['Last verified here', verified ? `${verified.clean ? 'clean' : 'PROBLEMS FOUND'} at ${when(verified.at)}` : 'not yet'],
])}
<form method="post" action="${path('record', a.id, 'verify')}" class="inline"><button type="submit">Verify now</button></form>
<p><a href="${path('record', a.id, 'export')}" download>Download the record (JSON lines)</a></p>
${audit ? auditReport(audit) : ''}`;
  return page({ title: `${a.name} record`, kind: 'record-page' }, body);
}

function auditReport(r: AssemblyAudit): Html {
  const clean = auditIsClean(r);
  return html`<h2>Verification</h2>
<p class="${clean ? 'passed' : 'failed'}" role="status">${clean ? 'The record is intact' : 'Problems found'}: ${r.events} events checked up to #${r.head.seq}, ${r.motionsRecounted} closed motions recounted${r.unsettled ? ' (the record kept changing while it was read; run it again)' : ''}.</p>
${r.chain.length > 0 ? html`<ul>${r.chain.map((c) => html`<li>Event #${c.seq}: ${c.problem}</li>`)}</ul>` : ''}
${r.mismatches.length > 0 ? html`<ul>${r.mismatches.map((m) => html`<li>Motion #${m.motion}: ${m.problem}</li>`)}</ul>` : ''}`;
}

/** Runs the same verification as `audit verify` and notes the outcome. */
export async function verifyRecord(ctx: PageContext, id: string): Promise<PageResult> {
  const a = await visibleById(ctx, id);
  if ('refuse' in a) return a;
  const audit = await auditAssembly(ctx.reads, a);
  ctx.verifications.note(a.id, { clean: auditIsClean(audit), at: ctx.now() });
  return recordPage(ctx, id, audit);
}

/** The export as `audit export` writes it: secret ballots without voters, in canonical order. */
export async function recordExport(ctx: PageContext, id: string): Promise<{ filename: string; lines: AsyncGenerator<string> } | Refusal> {
  const a = await visibleById(ctx, id);
  if ('refuse' in a) return a;
  return { filename: `${a.name.replace(/[^\w.-]+/g, '-').slice(0, 60)}-record.jsonl`, lines: exportAssembly(ctx.reads, a) };
}
