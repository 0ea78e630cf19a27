import { CSS } from './layout.js';

/**
 * The only scripts pages load (the CSP allows nothing else). Pages work without
 * them; they add live tallies (Server-Sent Events) and lazy map branches.
 */
const LIVE = `(() => {
  const cells = new Map();
  for (const el of document.querySelectorAll('.live[data-motion]')) {
    const id = el.getAttribute('data-motion');
    if (!cells.has(id)) cells.set(id, []);
    cells.get(id).push(el);
  }
  for (const [id, els] of cells) {
    const es = new EventSource('/m/' + encodeURIComponent(id) + '/events');
    es.addEventListener('tally', (ev) => {
      const u = JSON.parse(ev.data);
      for (const el of els) { el.textContent = u.text; el.setAttribute('data-ballots', String(u.ballots)); }
      if (u.status !== 'open' && u.status !== 'proposed') es.close();
    });
    // The server stopped: this viewer may no longer see the motion (reloading shows why).
    es.addEventListener('closed', () => es.close());
  }
})();
`;

const MAP = `(() => {
  for (const d of document.querySelectorAll('details[data-children]')) {
    d.addEventListener('toggle', async () => {
      if (!d.open || d.getAttribute('data-loaded') === '1') return;
      d.setAttribute('data-loaded', '1');
      const slot = d.querySelector('.children');
      try {
        const r = await fetch(d.getAttribute('data-children'), { headers: { accept: 'text/html' } });
        if (r.ok && slot) slot.innerHTML = await r.text();
      } catch { if (slot) slot.textContent = 'Could not load this branch; open its page instead.'; }
    });
  }
})();
`;

export const ASSETS: Readonly<Record<string, { readonly type: string; readonly body: string }>> = {
  'app.css': { type: 'text/css; charset=utf-8', body: CSS },
  'live.js': { type: 'text/javascript; charset=utf-8', body: LIVE },
  'map.js': { type: 'text/javascript; charset=utf-8', body: MAP },
};
