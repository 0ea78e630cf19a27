import { Redis } from 'ioredis';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../../src/adapters/queue/bullmq-job-queue.js';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { loadConfig } from '../../../src/bots/config.js';
import { adminFromConfig } from '../../../src/bots/web.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { relayRollupJob } from '../../../src/jobs/relay-rollup.job.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { deleteKeysUnder } from '../../support/redis-keys.js';
import { chromiumPath, listen } from '../../support/web-browser.js';
import { ANY_ID, WEB_SECRET } from '../../support/web-fixture.js';

/*
 * bull-board at /admin in a real browser, over our BullMQ lanes on the real
 * Redis: the React app must load and run under the /admin policy (its own
 * scripts and styles), behind the operator's password prompt.
 */
const executablePath = chromiumPath();
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'op-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const prefix = `plenary-test-admin-browser-${process.pid}`;

describe.skipIf(!executablePath)('/admin (bull-board) in chromium', () => {
  let queue: BullmqJobQueue;
  let board: NonNullable<ReturnType<typeof adminFromConfig>>;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    queue = new BullmqJobQueue({ redisUrl, prefix, log: recordingLogger() });
    await queue.add(relayRollupJob, { proposalId: 'p-1', version: 1, dedupeKey: 'rollup-p-1' }, { jobId: 'rollup-p-1' });
    const cfg = loadConfig({ REDIS_URL: redisUrl, PLENARY_QUEUE_PREFIX: prefix, PLENARY_ADMIN_TOKEN: TOKEN });
    if (!cfg.ok) throw new Error(cfg.problems.join('; '));
    const made = adminFromConfig(cfg.config, silentLogger, undefined);
    if (!made) throw new Error('no admin');
    board = made;
    const { s } = await describeAssembly({ name: 'Garden', members: ['ana'] });
    server = await listen(createWebApp({ reads: s.deps.store.read, secret: WEB_SECRET, now: () => s.clock.now(), log: silentLogger, hub: new TallyHub(s.deps.store.read), metrics: new Metrics(), idPattern: ANY_ID, admin: board.admin }));
    browser = await chromium.launch({ executablePath: executablePath ?? '', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await server.close();
    await board.close();
    await queue.close();
    const redis = new Redis(redisUrl);
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
  });

  it('GIVEN no password THEN the browser gets the 401 challenge and none of the dashboard', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Headless chromium has nobody to ask for a password: the navigation fails on the challenge.
    await expect(page.goto(`${server.url}/admin`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    const res = await context.request.get(`${server.url}/admin`);
    expect(res.status()).toBe(401);
    expect(res.headers()['www-authenticate']).toMatch(/^Basic /);
    expect(await res.text()).not.toContain('static/js');
    await context.close();
  });

  it('GIVEN the operator’s password THEN bull-board runs: our lanes listed, the waiting rollup job shown, no script error and nothing of ours refused by the policy', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'admin', password: TOKEN } });
    const page = await context.newPage();
    const errors: string[] = [];
    const refused: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // bull-board links a web font from a font CDN; the policy refuses it on purpose (no third-party requests), the UI falls back.
      if (m.type() === 'error' && /Content Security Policy/.test(m.text()) && !/fonts\.googleapis\.com/.test(m.text())) refused.push(m.text());
    });
    const res = await page.goto(`${server.url}/admin`);
    expect(res?.status()).toBe(200);
    await page.getByText('relay.rollup').first().waitFor({ state: 'visible', timeout: 20_000 });
    for (const lane of ['platform.discord', 'platform.matrix', 'relay']) expect(await page.getByText(lane, { exact: true }).count()).toBeGreaterThan(0);
    await page.goto(`${server.url}/admin/queue/relay.rollup?status=waiting`);
    await page.getByText('rollup-p-1').first().waitFor({ state: 'visible', timeout: 20_000 });
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
    await context.close();
  });
});
