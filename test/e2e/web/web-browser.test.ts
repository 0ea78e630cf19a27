import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, listen, seriousViolations, textOf, until } from '../../support/web-browser.js';
import { SECRET_VOTERS, webWorld, type WebWorld } from '../../support/web-fixture.js';

/*
 * The web view in a real browser (Debian's chromium driven by playwright-core):
 * every page opened as a member would, checked for content, for axe-core's
 * serious and critical violations, and for any secret-ballot voter's name.
 * Screenshots of the assembly, map and proposal pages go to docs/.
 */
const executablePath = chromiumPath();
if (!executablePath) console.warn('web browser suite skipped: no chromium on PATH (apt-get install -y chromium)');

describe.skipIf(!executablePath)('the web view in chromium', () => {
  let w: WebWorld;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const visited: string[] = [];

  const open = async (path: string): Promise<number> => {
    const res = await page.goto(`${server.url}${path}`);
    visited.push(await page.content());
    return res?.status() ?? 0;
  };
  const accessible = async (): Promise<void> => {
    expect(await seriousViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    w = await webWorld({ pollMs: 100 });
    server = await listen(w.app);
    browser = await chromium.launch({ executablePath: executablePath ?? '', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    mkdirSync('docs/screenshots', { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    w.hub.close();
    await server.close();
  });

  it('GIVEN no personal link THEN a members-only assembly refuses; GIVEN a forged or expired one THEN too', async () => {
    expect(await open(`/a/${w.riverside.id}`)).toBe(403);
    expect(await textOf(page.locator('h1'))).toBe('Members only');
    const good = await w.token('ben');
    expect(await open(`/auth?t=${good.slice(0, -3)}xyz&next=/a/${w.riverside.id}`)).toBe(403);
    expect(await textOf(page.locator('h1'))).toBe('This personal link does not work');
    expect(await open(`/auth?t=${await w.token('ben', -60_000)}&next=/a/${w.riverside.id}`)).toBe(403);
    await accessible();
  });

  it('GIVEN the bot’s personal link THEN the assembly page: rooms, policy, open tallies, closed results, record', async () => {
    const link = /http:\/\/web\.test(\/auth\?\S+)/.exec((await w.s.run('ben', w.room, 'web')).text)?.[1] ?? '';
    expect(await open(link)).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/a/${w.riverside.id}`);
    expect(await textOf(page.locator('h1'))).toBe('Riverside Tenants');
    expect(await textOf(page.locator(`.live[data-motion="${w.motions.open.id}"]`))).toBe('Yes 1 · No 0 · Abstain 0 (1 ballots)');
    expect(await textOf(page.locator(`.live[data-motion="${w.motions.secret.id}"]`))).toBe('2 ballot(s) cast (secret ballot: tally at the close)');
    // The closed ranked motion "Committee" (a policy table, folded away, now also names the kind "committee").
    await page.getByText('Committee').filter({ visible: true }).first().waitFor({ state: 'visible' });
    await accessible();
    await page.screenshot({ path: 'docs/screenshots/web-assembly.png', fullPage: true });
  });

  it('GIVEN an open motion page WHEN members vote in chat THEN its tally changes live, without a reload', async () => {
    expect(await open(`/m/${w.motions.open.id}`)).toBe(200);
    const cell = page.locator(`.live[data-motion="${w.motions.open.id}"]`);
    expect(await textOf(cell)).toMatch(/^Yes 1 /);
    await until(() => Promise.resolve(w.hub.connections > 0), 5000);
    expect((await w.s.run('eve', w.room, 'vote 1 no')).ok).toBe(true);
    await until(async () => (await textOf(cell)) === 'Yes 1 · No 1 · Abstain 0 (2 ballots)', 5000);
    await accessible();
  });

  it('GIVEN the closed STV election THEN the stages table and the BLT download', async () => {
    expect(await open(`/m/${w.motions.ranked.id}`)).toBe(200);
    await page.locator('table.stages tbody tr').first().first().waitFor({ state: 'visible' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Download the ballots (BLT)').click()]);
    expect(download.suggestedFilename()).toBe('motion-3.blt');
    await accessible();
  });

  it('GIVEN the federation THEN click through the levels of the map, open a branch in place, and search', async () => {
    expect(await open(`/f/${w.tree.federation.id}`)).toBe(200);
    expect(await page.locator('table tbody tr').count()).toBe(3);
    await accessible();
    await page.getByText('Start at the top assembly').click();
    expect(await textOf(page.locator('h1'))).toBe('Transit Council');
    // A branch opens in place (the map script loads it) …
    await page.locator('summary', { hasText: 'Transit.1' }).first().click();
    await page.getByRole('link', { name: 'Transit.1.2' }).first().waitFor({ state: 'visible' });
    await page.screenshot({ path: 'docs/screenshots/web-map.png', fullPage: true });
    await accessible();
    // … and every node has its own page, one level at a time.
    await page.locator('summary', { hasText: 'Transit.2' }).first().click();
    await page.getByRole('link', { name: 'Transit.2', exact: true }).click();
    expect(await textOf(page.locator('h1'))).toBe('Transit.2');
    await page.getByText('keeps its pages off the web').first().waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Transit.2.1' }).click();
    expect(await textOf(page.locator('.crumbs'))).toContain('Transit Council');
    await page.getByLabel('Find an assembly by name').fill('transit.1.');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Transit.1.1' }).first().waitFor({ state: 'visible' });
    await accessible();
    expect(await page.content()).not.toContain('Transit.2.2');
  });

  it('GIVEN the proposal THEN its progress, relay tree and subtree, who is bound, and the timeline', async () => {
    expect(await open('/p/1')).toBe(200);
    expect(await textOf(page.locator('h1'))).toBe('P-1 v1: Bike lanes');
    expect(await textOf(page.locator('.counts').first())).toContain('1 accepted');
    await page.getByRole('heading', { name: 'Who is bound' }).first().waitFor({ state: 'visible' });
    await accessible();
    await page.screenshot({ path: 'docs/screenshots/web-proposal.png', fullPage: true });
    await page.getByRole('link', { name: 'Transit.1' }).click();
    await page.getByText('Transit.1.2').first().waitFor({ state: 'visible' });
    await accessible();
  });

  it('GIVEN the record page WHEN verify is pressed THEN the same checks as audit verify run and pass', async () => {
    expect(await open(`/record/${w.riverside.id}`)).toBe(200);
    await page.getByRole('button', { name: 'Verify now' }).click();
    expect(await textOf(page.getByRole('status'))).toContain('The record is intact');
    visited.push(await page.content());
    await accessible();
    expect(await open('/record')).toBe(200);
    await accessible();
  });

  it('GIVEN every page opened THEN no secret-ballot voter appears anywhere', () => {
    expect(visited.length).toBeGreaterThan(8);
    for (const html of visited) for (const v of SECRET_VOTERS) expect(html).not.toContain(v);
  });
});
