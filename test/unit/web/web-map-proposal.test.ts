import { beforeAll, describe, expect, it } from 'vitest';
import { webWorld, type WebWorld } from '../../support/web-fixture.js';

describe('the federation map and the proposal page', () => {
  let w: WebWorld;
  const get = async (url: string): Promise<{ status: number; text: string }> => {
    const res = await w.app.request(url);
    return { status: res.status, text: await res.text() };
  };
  const byName = (name: string) => {
    const a = w.tree.levels.flat().find((x) => x.name === name);
    if (!a) throw new Error(name);
    return a;
  };
  beforeAll(async () => {
    w = await webWorld();
  });

  it('GIVEN a public federation THEN its page sums each level: assemblies and the members its local assemblies cover', async () => {
    const r = await get(`/f/${w.tree.federation.id}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Transit');
    expect(r.text).toMatch(/level 2 \(delegates\)<\/td><td class="num">1<\/td>/);
    expect(r.text).toMatch(/level 1 \(delegates\)<\/td><td class="num">2<\/td>/);
    expect(r.text).toMatch(/local assemblies and circles<\/td><td class="num">4<\/td><td class="num">12<\/td>/);
  });

  it('GIVEN a node WHEN opened THEN its path up, its member assemblies with seats and members, and one branch at a time', async () => {
    const top = await get(`/f/${w.tree.federation.id}/a/${w.tree.root.id}`);
    expect(top.status).toBe(200);
    expect(top.text).toContain('Transit.1');
    expect(top.text).toContain('Transit.2');
    expect(top.text).not.toContain('Transit.1.1');
    expect(top.text).toContain(`data-children="/f/${w.tree.federation.id}/a/${byName('Transit.1').id}/children"`);
    const branch = await get(`/f/${w.tree.federation.id}/a/${byName('Transit.2').id}`);
    expect(branch.text).toContain('Transit Council');
    expect(branch.text).toContain('Transit.2.1');
    expect(branch.text).toContain('3 members');
    // Transit.2.2 keeps its pages off the web: the map does not name it.
    expect(branch.text).not.toContain('Transit.2.2');
    expect(branch.text).toContain('keeps its pages off the web');
    const fragment = await get(`/f/${w.tree.federation.id}/a/${byName('Transit.1').id}/children`);
    expect(fragment.text).toContain('Transit.1.2');
    expect(fragment.text).not.toContain('<html');
  });

  it('GIVEN a node of another tree THEN 404', async () => {
    expect((await get(`/f/${w.tree.federation.id}/a/${w.riverside.id}`)).status).toBe(404);
  });

  it('GIVEN a search THEN names containing the text, any case, never an assembly kept off the web, input capped', async () => {
    const r = await get(`/f/${w.tree.federation.id}/search?q=transit.2`);
    expect(r.text).toContain('Transit.2.1');
    expect(r.text).not.toContain('>Transit.2.2<');
    const none = await get(`/f/${w.tree.federation.id}/search?q=${encodeURIComponent('<img src=x>')}`);
    expect(none.text).toContain('&lt;img src=x&gt;');
    const long = await get(`/f/${w.tree.federation.id}/search?q=${'a'.repeat(1500)}`);
    expect(long.status).toBe(200);
    expect(long.text).not.toContain('a'.repeat(101));
  });

  it('GIVEN a proposal decided by part of the tree THEN progress, the relay tree with subtree counts, who is bound and the timeline', async () => {
    const r = await get('/p/1');
    expect(r.status).toBe(200);
    expect(r.text).toContain('P-1 v1: Bike lanes');
    expect(r.text).toContain('Paint bike lanes on every main road.');
    expect(r.text).toContain('1 accepted · 0 rejected · 0 asked to amend · 3 pending — of 4 local assemblies; 3 members covered');
    expect(r.text).toContain('Transit.1</a></td><td>accepted');
    expect(r.text).toContain('Transit.1.1');
    expect(r.text).toMatch(/version 1 issued/);
    const bound = r.text.slice(r.text.indexOf('Who is bound'), r.text.indexOf('Timeline'));
    expect(bound).toContain('<li>Transit.1.1</li>');
    expect(bound).not.toContain('<li>Transit.1</li>');
    expect(bound).not.toContain('Transit Council');
    const byId = await get(`/p/${(await w.s.deps.store.read.relay.proposalByNumber(1))?.id ?? ''}`);
    expect(byId.status).toBe(200);
  });

  it('GIVEN a subtree link THEN that referral’s member assemblies and its counts', async () => {
    const top = await get('/p/1');
    const link = /href="(\/p\/1\/r\/[^"]+)">Transit\.1</.exec(top.text)?.[1];
    expect(link).toBeDefined();
    const sub = await get(link ?? '');
    expect(sub.status).toBe(200);
    expect(sub.text).toContain('Transit.1.1');
    expect(sub.text).toContain('Transit.1.2');
  });

  it('GIVEN version 2 THEN the page shows what changed', async () => {
    const council = w.tree.root;
    const r = await w.s.run('Transit Council-m1', w.tree.room(council), 'proposal amend P-1 --text "Paint bike lanes on every main road.\nInclude scooters." --note "scooters"');
    expect(r.ok).toBe(true);
    for (const m of w.tree.members(council)) await w.s.run(m, w.tree.room(council), 'vote 2 yes');
    const page = await get('/p/1');
    expect(page.text).toContain('P-1 v2');
    expect(page.text).toContain('<ins>+ Include scooters.</ins>');
    expect((await get('/p/1?v=1')).text).toContain('P-1 v1');
    expect((await get('/p/1?v=9')).status).toBe(404);
  });
});
