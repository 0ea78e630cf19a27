import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Locator, Page } from 'playwright-core';
import type { createWebApp } from '../../src/adapters/web/server.js';

/** Debian's chromium, or null (the browser suite says it is skipped and why). */
export function chromiumPath(): string | null {
  try {
    const p = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    return p === '' ? null : p;
  } catch {
    return null;
  }
}

/** Serves the app on a free port of 127.0.0.1. */
export async function listen(app: ReturnType<typeof createWebApp>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

/**
 * Runs axe-core in the page (evaluated through the browser's protocol, so the
 * page's CSP, which allows no inline script, stays as it is) and returns the
 * serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The text of the first element the locator finds, once it is there. */
export async function textOf(l: Locator): Promise<string> {
  await l.first().waitFor({ state: 'attached', timeout: 5000 });
  return ((await l.first().textContent()) ?? '').trim();
}

/** Waits until `ok` holds (polled), or fails after `ms`. */
export async function until(ok: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
