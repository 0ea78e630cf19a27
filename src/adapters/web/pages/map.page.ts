import type { Assembly } from '../../../core/model/entities.js';
import type { Federation } from '../../../core/model/federation.js';
import { asAssemblyId, asFederationId, type AssemblyId } from '../../../core/shared/ids.js';
import { html, path, type Html } from '../html.js';
import { facts, page } from '../layout.js';
import { notFound, visibleAssembly, type PageContext, type PageResult, type Refusal } from './context.js';

/** Member assemblies shown per page of a branch: never the whole tree at once. */
export const MAP_PAGE = 50;
export const MAX_SEARCH = 100;

/** The federation, if the viewer may see its top assembly (the map follows that assembly's web-visibility). */
async function visibleFederation(ctx: PageContext, fid: string): Promise<Federation | Refusal> {
  if (!ctx.isId(fid)) return notFound;
  const f = await ctx.reads.federation(asFederationId(fid));
  if (!f) return notFound;
  const top = await visibleAssembly(ctx, await ctx.reads.assembly(f.rootAssemblyId));
  return 'refuse' in top ? top : f;
}

const label = (a: Assembly): Html => (a.policy.webVisibility === 'off' ? html`<span class="muted">an assembly that keeps its pages off the web</span>` : html`${a.name}`);

/** `/f/:fid`: the levels of the tree, a search, and the top of the tree. */
export async function federationPage(ctx: PageContext, fid: string): Promise<PageResult> {
  const f = await visibleFederation(ctx, fid);
  if ('refuse' in f) return f;
  const levels = await ctx.levels.levels(f.id);
  const body = html`
<p class="crumbs">Federation</p>
<h1>${f.name}</h1>
<p>${f.purpose}</p>
<h2>Levels</h2>
<p class="muted">Counted at most a minute ago.</p>
<table><thead><tr><th scope="col">Level</th><th scope="col" class="num">Assemblies</th><th scope="col" class="num">Members covered</th></tr></thead><tbody>
${levels.map((l) => html`<tr><td>${l.level === 0 ? 'local assemblies and circles' : `level ${l.level} (delegates)`}</td><td class="num">${l.assemblies.toLocaleString('en')}</td><td class="num">${l.level === 0 ? l.members.toLocaleString('en') : '—'}</td></tr>`)}
</tbody></table>
${searchForm(f)}
<h2>The tree</h2>
<p><a href="${path('f', f.id, 'a', f.rootAssemblyId)}">Start at the top assembly</a>, then open a branch at a time.</p>`;
  return page({ title: f.name, kind: 'map-page' }, body);
}

const searchForm = (f: Federation, q = ''): Html => html`<form class="search" method="get" action="${path('f', f.id, 'search')}" role="search"><label for="q">Find an assembly by name</label> <input type="search" id="q" name="q" maxlength="${MAX_SEARCH}" value="${q}"> <button type="submit">Search</button></form>`;

/** `/f/:fid/a/:aid`: one node of the tree, the path up to the top, and a page of its member assemblies. */
export async function mapNodePage(ctx: PageContext, fid: string, aid: string, after: string | undefined): Promise<PageResult> {
  const f = await visibleFederation(ctx, fid);
  if ('refuse' in f) return f;
  if (!ctx.isId(aid) || (after !== undefined && !ctx.isId(after))) return notFound;
  const node = await ctx.reads.assembly(asAssemblyId(aid));
  if (!node) return notFound;
  const trail = await pathUp(ctx, f, node.id);
  if (!trail) return notFound;
  const [members, sitting] = await Promise.all([ctx.reads.countMembers(node.id, 'active'), ctx.reads.seats({ parentAssemblyId: node.id, status: 'active' })]);
  const body = html`
<p class="crumbs"><a href="${path('f', f.id)}">${f.name}</a>${trail.map((a) => html` › <a href="${path('f', f.id, 'a', a.id)}">${label(a)}</a>`)}</p>
<h1>${label(node)}</h1>
${facts([
  ['Kind', node.kind],
  ['Level', node.level],
  [node.kind === 'delegates' ? 'Delegates sitting' : 'Members', node.kind === 'delegates' ? sitting.length : members],
  ['Its page', node.policy.webVisibility === 'off' ? '—' : html`<a href="${path('a', node.id)}">assembly page</a>`],
])}
${searchForm(f)}
<h2>Member assemblies</h2>
${await childrenList(ctx, f, node.id, after)}`;
  return page({ title: `${f.name}: ${node.policy.webVisibility === 'off' ? 'an assembly' : node.name}`, kind: 'map-page', scripts: ['map'] }, body);
}

/** The fragment the map script loads when a branch is opened (also a page of its own without JS). */
export async function mapChildrenFragment(ctx: PageContext, fid: string, aid: string, after: string | undefined): Promise<PageResult> {
  const f = await visibleFederation(ctx, fid);
  if ('refuse' in f) return f;
  if (!ctx.isId(aid) || (after !== undefined && !ctx.isId(after))) return notFound;
  return childrenList(ctx, f, asAssemblyId(aid), after);
}

async function childrenList(ctx: PageContext, f: Federation, parent: AssemblyId, after: string | undefined): Promise<Html> {
  const kids = await ctx.reads.relay.memberAssemblies({ federationId: f.id, parents: [parent], limit: MAP_PAGE + 1, after: after ? { parentAssemblyId: parent, assemblyId: asAssemblyId(after) } : null });
  const shown = kids.slice(0, MAP_PAGE);
  if (shown.length === 0) return html`<p class="muted">${after ? 'No more member assemblies.' : 'No member assemblies.'}</p>`;
  const edges = new Map((await ctx.reads.childEdges(parent)).filter((e) => e.federationId === f.id).map((e) => [e.childAssemblyId, e]));
  const rows = await Promise.all(
    shown.map(async ({ assembly: a }) => {
      const [delegates, members] = await Promise.all([ctx.reads.seats({ parentAssemblyId: parent, homeAssemblyId: a.id, status: 'active' }), ctx.reads.countMembers(a.id, 'active')]);
      const names = await Promise.all(delegates.slice(0, 5).map(async (s) => (await ctx.reads.person(s.personId))?.displayName ?? '?'));
      const link = html`<a href="${path('f', f.id, 'a', a.id)}">${label(a)}</a>`;
      const info = html`<span class="chip">${a.kind}, level ${a.level}</span> <span class="muted">${a.kind === 'delegates' ? `${members} delegates sit here` : `${members} members`} · ${edges.get(a.id)?.seats ?? 1} seat(s) above · delegates: ${names.length === 0 ? 'none yet' : names.join(', ')}${delegates.length > 5 ? ` and ${delegates.length - 5} more` : ''}</span>`;
      return a.kind === 'delegates'
        ? html`<li><details data-children="${path('f', f.id, 'a', a.id, 'children')}"><summary>${label(a)} ${info}</summary><p>${link}</p><div class="children"></div></details></li>`
        : html`<li>${link} ${info}</li>`;
    }),
  );
  const last = shown.at(-1)?.assembly.id;
  return html`<div class="tree"><ul>${rows}</ul>${kids.length > MAP_PAGE && last ? html`<p class="pager"><a href="${path('f', f.id, 'a', parent)}?after=${encodeURIComponent(last)}">Next ${MAP_PAGE} member assemblies</a></p>` : ''}</div>`;
}

/** The assemblies from the top of the tree down to `id` (null when `id` is not in this federation's tree). */
async function pathUp(ctx: PageContext, f: Federation, id: AssemblyId): Promise<Assembly[] | null> {
  const trail: Assembly[] = [];
  let at: AssemblyId | null = id;
  for (let depth = 0; at && depth < 64; depth++) {
    const a = await ctx.reads.assembly(at);
    if (!a) return null;
    trail.unshift(a);
    if (a.id === f.rootAssemblyId) return trail.slice(0, -1);
    at = (await ctx.reads.activeEdge(f.id, a.id))?.parentAssemblyId ?? null;
  }
  return null;
}

/** `/f/:fid/search?q=`: assemblies of the tree by name. */
export async function mapSearchPage(ctx: PageContext, fid: string, q: string): Promise<PageResult> {
  const f = await visibleFederation(ctx, fid);
  if ('refuse' in f) return f;
  const text = q.trim().slice(0, MAX_SEARCH);
  const found = text === '' ? [] : (await ctx.reads.searchFederation(f.id, text, 26)).filter((a) => a.policy.webVisibility !== 'off');
  const body = html`
<p class="crumbs"><a href="${path('f', f.id)}">${f.name}</a> › search</p>
<h1>Find an assembly in ${f.name}</h1>
${searchForm(f, text)}
${text === '' ? '' : found.length === 0 ? html`<p>No assembly of this federation has "${text}" in its name.</p>` : html`<ul>${found.slice(0, 25).map((a) => html`<li><a href="${path('f', f.id, 'a', a.id)}">${a.name}</a> <span class="chip">${a.kind}, level ${a.level}</span></li>`)}</ul>${found.length > 25 ? html`<p class="muted">More than 25 match; type more of the name.</p>` : ''}`}`;
  return page({ title: `Search ${f.name}`, kind: 'map-page' }, body);
}
