import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaDeliveryStore } from '../../../src/adapters/persistence/prisma-delivery-store.js';
import { prismaRunner } from '../../../src/adapters/persistence/sql-runner.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import type { RoomSender } from '../../../src/core/ports/room-sender.port.js';
import { platformSendHandlers } from '../../../src/jobs/platform-send.handler.js';
import { frozenWorkerJob } from '../../support/frozen-send-job.js';
import { TEST_ADMIN_URL, testDatabase, type TestDatabase } from '../../support/test-database.js';

const WORKER = fileURLToPath(new URL('../../support/frozen-send-worker.ts', import.meta.url));
const LEASE_MS = 1000;
const ITEMS = 10;
const FREEZE_AT = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The process state letter from /proc (T: stopped). */
const stateOf = (pid: number): string => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.charAt(0) ?? '?';

describe('GIVEN a platform-send worker process frozen (SIGSTOP) past its lease in the middle of a job', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await testDatabase();
    dir = mkdtempSync(join(tmpdir(), 'plenary-frozen-'));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('WHEN another worker takes its messages over and it is resumed (SIGCONT) THEN every message is sent exactly once', async () => {
    const log = join(dir, 'sent.log');
    appendFileSync(log, '');
    const url = new URL(TEST_ADMIN_URL);
    url.pathname = `/${db.name}`;
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: { ...process.env, DATABASE_URL: url.toString(), SENT_LOG: log, LEASE_MS: String(LEASE_MS), ITEMS: String(ITEMS), FREEZE_AT: String(FREEZE_AT) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      for (let waited = 0; !out.includes('frozen') || stateOf(child.pid!) !== 'T'; waited += 20) {
        if (waited > 30_000 || child.exitCode !== null) throw new Error(`the worker did not freeze: ${out} ${err}`);
        await sleep(20);
      }
      await sleep(LEASE_MS + 200);
      // Worker B, in this process: the queue redelivers the job after A's job lock ran out.
      const b: RoomSender = { platform: 'discord', send: (_room, _m, key) => Promise.resolve(appendFileSync(log, `B ${key}\n`)) };
      const handlers = platformSendHandlers({ store: { finishOutbox: () => Promise.resolve() }, deliveries: new PrismaDeliveryStore(prismaRunner(db.prisma)), senders: new Map([['discord', b]]), log: silentLogger, leaseMs: LEASE_MS });
      await handlers.discord.run(frozenWorkerJob(ITEMS, 2));
    } finally {
      child.kill('SIGCONT');
    }
    expect(await exited, `${out}\n${err}`).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const perKey = new Map<string, number>();
    for (const line of lines) perKey.set(line.slice(2), (perKey.get(line.slice(2)) ?? 0) + 1);
    expect(perKey.size).toBe(ITEMS);
    const resent = [...perKey.values()].filter((n) => n > 1).length;
    expect({ resent, sends: lines.length }).toEqual({ resent: 0, sends: ITEMS });
    // A sent the three before its freeze, B the rest; A, resumed, sent nothing more.
    expect(lines.filter((l) => l.startsWith('A '))).toHaveLength(FREEZE_AT - 1);
  }, 60_000);
});
