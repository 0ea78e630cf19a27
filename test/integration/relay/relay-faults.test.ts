import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRelay, type RelayOutcome, type RelayRunOptions } from '../../../bench/relay/driver.js';
import { TEST_ADMIN_URL } from '../../support/test-database.js';

/*
 * The relay under faults, end to end: a 2,401-assembly federation (4 levels
 * of fan-out 7) relayed by two real worker processes on PostgreSQL and Redis,
 * once undisturbed, once with workers SIGKILLed at random moments and
 * restarted, once with its Redis (a server of its own, without persistence,
 * so a restart loses every job) killed and restarted mid-relay. The final
 * state must be identical and nobody may see an announcement twice.
 */
const shape = { locals: 2401, fanout: 7, membersPerLocal: 3 } as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

class OwnRedis {
  private proc: ChildProcess | null = null;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await new Promise<boolean>((r) => { const c = createServer(); c.once('error', () => r(true)); c.listen(this.port, '127.0.0.1', () => c.close(() => r(false))); })) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  }
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    const gone = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await gone;
    this.proc = null;
  }
}

const quiet = { workerLogLevel: process.env.RELAY_WORKER_LOG ?? 'fatal', keepDatabase: process.env.KEEP_RELAY_DB === '1', staleMs: 3000, reconcileMs: 2000, leaseMs: 3000, jobLockSeconds: 3, timeoutMs: 300_000, workers: 2, concurrency: 4 } satisfies Partial<RelayRunOptions>;

describe('the relay under faults (2,401 assemblies, two worker processes)', () => {
  let redis: OwnRedis;
  let baseline: RelayOutcome;

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    baseline = await runRelay({ ...shape, ...quiet, adminUrl: TEST_ADMIN_URL, redisUrl: redis.url });
  }, 360_000);
  afterAll(async () => {
    await redis.kill();
  });

  it('an undisturbed run: one announcement and one response motion per assembly, counts equal to the decisions', () => {
    const s = baseline.state;
    expect(s.proposalStatus).toBe('adopted');
    expect(s.relayAnnouncements).toBe(baseline.referrals);
    expect(s.assembliesAnnouncedTo).toBe(baseline.referrals);
    expect(s.responseMotions).toBe(baseline.referrals);
    expect(s.assembliesWithOtherThanOneResponseMotion).toBe(0);
    expect(s.root).toMatchObject({ accepted: baseline.decisions.accepted, rejected: baseline.decisions.rejected, amendRequested: baseline.decisions['amend-requested'], pending: 0, membersCovered: baseline.decisions.accepted * 3 });
    expect(s.adoptionAnnouncements).toBe(baseline.referrals + 1);
    expect(s.failedOutbox).toBe(0);
    expect(s.leftoverOutbox).toBe(0);
  });

  it('workers SIGKILLed at random points and restarted, again and again: the same final state, nothing announced twice', async () => {
    const chaotic = await runRelay({
      ...shape,
      ...quiet,
      adminUrl: TEST_ADMIN_URL,
      redisUrl: redis.url,
      // A kill at every turn of the assemblies' loop, at most every 300 ms: the relay now finishes in a
      // few seconds, and a worker takes about a second to start again, so random skips left too few kills.
      chaosEveryMs: 300,
      chaos: (c) => c.killAndRestartWorker(),
    });
    expect(chaotic.kills).toBeGreaterThanOrEqual(3);
    const { repeatedSends: _r, ...state } = chaotic.state;
    const { repeatedSends: _b, ...expected } = baseline.state;
    expect(state).toEqual(expected);
  }, 360_000);

  it('Redis killed and restarted mid-relay (every job lost): the same final state', async () => {
    let restarted = 0;
    const outcome = await runRelay({
      ...shape,
      ...quiet,
      adminUrl: TEST_ADMIN_URL,
      redisUrl: redis.url,
      chaosEveryMs: 2500,
      chaos: async (c) => {
        if (restarted >= 2 || c.decided === 0) return;
        restarted++;
        await redis.kill();
        await new Promise((r) => setTimeout(r, 500));
        await redis.start();
      },
    });
    expect(restarted).toBeGreaterThanOrEqual(1);
    const { repeatedSends: _r, ...state } = outcome.state;
    const { repeatedSends: _b, ...expected } = baseline.state;
    expect(state).toEqual(expected);
  }, 360_000);
});
