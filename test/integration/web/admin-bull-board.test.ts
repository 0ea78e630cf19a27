import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '../../../src/adapters/queue/bullmq-job-queue.js';
import { Metrics } from '../../../src/adapters/web/metrics.js';
import { createWebApp } from '../../../src/adapters/web/server.js';
import { TallyHub } from '../../../src/adapters/web/tally-hub.js';
import { signToken } from '../../../src/adapters/web/token.js';
import { loadConfig } from '../../../src/bots/config.js';
import { adminFromConfig } from '../../../src/bots/web.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';
import { relayRollupJob } from '../../../src/jobs/relay-rollup.job.js';
import { ANY_ID, WEB_SECRET } from '../../support/web-fixture.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { deleteKeysUnder } from '../../support/redis-keys.js';

/*
 * /admin with REDIS_URL: bull-board over Plenary's own BullMQ lanes on the
 * real Redis, mounted by the same configuration path `plenary start` uses,
 * behind PLENARY_ADMIN_TOKEN.
 */
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'op-fedcba9876543210fedcba9876543210';
const prefix = `plenary-test-admin-${process.pid}`;

describe('/admin with Redis: bull-board over our BullMQ lanes', () => {
  let queue: BullmqJobQueue;
  let board: NonNullable<ReturnType<typeof adminFromConfig>>;
  let app: ReturnType<typeof createWebApp>;
  let memberToken: string;
  const auth = { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` };

  beforeAll(async () => {
    queue = new BullmqJobQueue({ redisUrl, prefix, log: recordingLogger() });
    // No worker: the jobs stay where the dashboard can count them.
    await queue.add(relayRollupJob, { proposalId: 'p-1', version: 1, dedupeKey: 'rollup-p-1' }, { jobId: 'rollup-p-1' });
    await queue.add(relayRollupJob, { proposalId: 'p-2', version: 1, dedupeKey: 'rollup-p-2' }, { jobId: 'rollup-p-2', delayMs: 3_600_000 });
    const cfg = loadConfig({ REDIS_URL: redisUrl, PLENARY_QUEUE_PREFIX: prefix, PLENARY_ADMIN_TOKEN: TOKEN });
    if (!cfg.ok) throw new Error(cfg.problems.join('; '));
    const made = adminFromConfig(cfg.config, silentLogger, undefined);
    if (!made) throw new Error('no admin');
    board = made;
    const { s } = await describeAssembly({ name: 'Garden', members: ['ana'] });
    app = createWebApp({ reads: s.deps.store.read, secret: WEB_SECRET, now: () => s.clock.now(), log: silentLogger, hub: new TallyHub(s.deps.store.read), metrics: new Metrics(), idPattern: ANY_ID, admin: board.admin });
    const ana = await s.deps.store.read.personByAccount('console', 'ana');
    if (!ana) throw new Error('no ana');
    memberToken = signToken(WEB_SECRET, { personId: ana.id, expiresAt: new Date(s.clock.now().getTime() + 3600_000) });
  });
  afterAll(async () => {
    await board.close();
    await queue.close();
    const redis = new Redis(redisUrl);
    await deleteKeysUnder(redis, prefix);
    await redis.quit();
  });

  it('GIVEN the token THEN bull-board’s page loads with its base at /admin/ and its own scripts, under the /admin policy', async () => {
    expect(board.admin.dashboard.kind).toBe('bull-board');
    const r = await app.request('/admin', { headers: auth });
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toContain('<base href="/admin/"');
    const script = /src="(static\/js\/main\.[0-9a-f]+\.js)"/.exec(body)?.[1];
    expect(script).toBeDefined();
    expect(r.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    const js = await app.request(`/admin/${script ?? ''}`, { headers: auth });
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(1000);
  });

  it('GIVEN the token THEN the API lists every Plenary lane with our jobs counted, read-only', async () => {
    const r = await app.request('/admin/api/queues?activeQueue=relay.rollup&status=latest', { headers: auth });
    expect(r.status).toBe(200);
    const { queues } = (await r.json()) as { queues: { name: string; counts: Record<string, number>; readOnlyMode: boolean }[] };
    expect(queues.map((q) => q.name).sort()).toEqual(['default', 'platform.console', 'platform.discord', 'platform.matrix', 'relay', 'relay.rollup']);
    const rollup = queues.find((q) => q.name === 'relay.rollup');
    expect(rollup?.counts).toMatchObject({ waiting: 1, delayed: 1 });
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('GIVEN no token, a wrong one or a member’s personal link THEN neither the page, the API nor its files are served (401)', async () => {
    const cookie = ((await app.request(`/auth?t=${memberToken}&next=/`)).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    for (const headers of [{}, { cookie }, { authorization: `Bearer ${memberToken}` }, { authorization: `Basic ${Buffer.from(`admin:${memberToken}`).toString('base64')}` }, { authorization: `Bearer ${TOKEN.toUpperCase()}` }]) {
      for (const path of ['/admin', '/admin/api/queues', '/admin/api/redis/stats', '/admin/static/js/x.js']) {
        const r = await app.request(path, { headers });
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      }
    }
    // Read-only: a retry through the API changes nothing even with the token.
    const retry = await app.request('/admin/api/queues/relay.rollup/retry/failed', { method: 'PUT', headers: auth });
    expect(retry.status).toBeGreaterThanOrEqual(400);
  });
});
