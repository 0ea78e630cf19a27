import { html, raw, type Html } from './html.js';

export interface PageOptions {
  readonly title: string;
  readonly scripts?: readonly ('live' | 'map')[];
  /** Extra class on <main> (tests and styles find pages by it). */
  readonly kind?: string;
}

/** The page shell: no inline script or style (the CSP allows only this server's files). */
export function page(o: PageOptions, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title} · Plenary</title>
<link rel="stylesheet" href="/static/app.css">
${(o.scripts ?? []).map((s) => html`<script src="/static/${s}.js" defer></script>`)}
</head>
<body>
<header class="top"><a class="brand" href="/">Plenary</a><nav aria-label="Site"><a href="/record">Record</a></nav></header>
<main id="main" class="${o.kind ?? 'page'}">
${body}
</main>
<footer class="foot"><p>Read-only view of Plenary's records. Votes and motions happen in chat.</p></footer>
</body>
</html>`;
}

export const when = (d: Date | null | undefined): string => (d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—');

/** A definition list of label/value rows. */
export function facts(rows: readonly (readonly [string, Html | string | number])[]): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

export const pct = (n: number, of: number): string => (of > 0 ? `${Math.round((n / of) * 1000) / 10}%` : '—');

export const nothing = raw('');

/** Bar widths as classes: the CSP allows no inline style. */
const WIDTHS = Array.from({ length: 101 }, (_, i) => `.bar .w${i}{width:${i}%}`).join('');

export const CSS = WIDTHS + `
:root{--fg:#1b1b1f;--muted:#4a4a55;--bg:#fdfdfc;--line:#d6d6dc;--accent:#0b5cad;--ok:#1d6b32;--bad:#a32020;--chip:#eef1f6}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}a:focus,button:focus,input:focus,summary:focus{outline:3px solid #f5a623;outline-offset:2px}
.top{display:flex;gap:1.5rem;align-items:center;padding:.6rem 1.2rem;border-bottom:1px solid var(--line);background:#fff}
.brand{font-weight:700;text-decoration:none;color:var(--fg)}main{max-width:68rem;margin:0 auto;padding:1rem 1.2rem}
h1{font-size:1.6rem;margin:.4rem 0}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid var(--line)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.4rem 1rem;margin:0}.facts dt{font-size:.85rem;color:var(--muted)}.facts dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}th{font-size:.9rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:var(--muted)}.passed{color:var(--ok);font-weight:600}.failed{color:var(--bad);font-weight:600}
.chip{display:inline-block;background:var(--chip);border-radius:1rem;padding:0 .6rem;font-size:.85rem}
pre.text{white-space:pre-wrap;background:#f4f4f6;padding:.8rem;border-radius:.3rem}
.diff ins{background:#d9f2de;text-decoration:none}.diff del{background:#f8d7d7}
.bar{display:flex;height:1rem;border:1px solid var(--line);border-radius:.2rem;overflow:hidden}.bar span{display:block}
.bar .acc{background:#2e8b57}.bar .rej{background:#c0392b}.bar .amd{background:#e0a800}.bar .pen{background:#9aa5b1}
form.inline{display:inline}button{font:inherit;padding:.3rem .8rem;border:1px solid var(--accent);background:#fff;color:var(--accent);border-radius:.3rem;cursor:pointer}
input[type=search]{font:inherit;padding:.3rem;border:1px solid var(--muted);border-radius:.3rem}
.tree ul{list-style:none;padding-left:1.2rem;border-left:1px dotted var(--line)}.tree li{margin:.2rem 0}
.pager{display:flex;gap:1rem;margin:.6rem 0}.crumbs{font-size:.9rem}
.foot{border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding:.5rem 1.2rem}
`;
