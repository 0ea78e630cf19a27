import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import { inReplyTo, MatrixTestUser } from '../../support/matrix-test-user.js';
import { spawnPlenary, type PlenaryProcess } from '../../support/plenary-process.js';

/**
 * `plenary start` as a service manager runs it: a real process against a
 * real Synapse (PLENARY_E2E_MATRIX_URL, PLENARY_E2E_MATRIX_SECRET), stopped
 * by SIGTERM. systemd's default stop timeout is 10 s, after which it kills.
 */
const url = process.env.PLENARY_E2E_MATRIX_URL?.trim() ?? '';
const secret = process.env.PLENARY_E2E_MATRIX_SECRET?.trim() ?? '';
const skipReason = url && secret ? '' : 'PLENARY_E2E_MATRIX_URL and PLENARY_E2E_MATRIX_SECRET are not both set';

let dir: string;
const running: PlenaryProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plenary-stop-'));
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const syncing = (l: Record<string, unknown>): boolean => l.msg === 'Matrix bot is syncing';

describe.skipIf(skipReason !== '')(`GIVEN plenary start serving a Matrix account on Synapse${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('WHEN it gets SIGTERM while long-polling THEN it exits 0 within 5 s, with its sync position saved, and printed nothing but its own output', { timeout: 120_000 }, async () => {
    const suffix = Date.now().toString(36);
    const bot = await registerWithSharedSecret(url, secret, `plenary-stop-${suffix}`);
    const ana = new MatrixTestUser(url, await registerWithSharedSecret(url, secret, `ana-stop-${suffix}`));
    const data = join(dir, 'data');
    const p = spawnPlenary(['start'], { MATRIX_HOMESERVER_URL: url, MATRIX_ACCESS_TOKEN: bot.accessToken, PLENARY_DATA_DIR: data, LOG_LEVEL: 'info' }, dir);
    running.push(p);
    await p.waitForLog(syncing, 'the bot syncing', 90_000);

    const roomId = await ana.createRoom();
    await ana.invite(roomId, bot.userId);
    await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === bot.userId && e.content.membership === 'join', 'the bot joining');
    const asked = await ana.say(roomId, '!help');
    await ana.waitFor(roomId, (e) => inReplyTo(e) === asked, 'the answer to help');
    // Let the next long poll start: that request is what used to hold the process open.
    await new Promise((r) => setTimeout(r, 1500));

    const started = Date.now();
    p.child.kill('SIGTERM');
    const code = await Promise.race([p.exited, new Promise<string>((r) => setTimeout(() => r('still running after 20 s'), 20_000))]);
    const tookMs = Date.now() - started;
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(5000);
    // Stopped by itself, not by the safety net that exits when something still holds the process.
    expect(p.logs.filter((l) => String(l.msg).startsWith('still running'))).toEqual([]);
    expect(p.logs.some((l) => l.msg === 'stopped; state saved')).toBe(true);

    const syncFile = (await readdir(data)).find((f) => f.startsWith('matrix-sync-'));
    expect(syncFile).toBeDefined();
    const saved = JSON.parse(await readFile(join(data, syncFile!), 'utf8')) as { since: string | null; recentEventIds: string[] };
    expect(saved.since).toEqual(expect.any(String));
    expect(saved.recentEventIds).toContain(asked);
    // Standard output is for people (start's hints); the SDK's request lines belong in the log at debug.
    expect(p.stdout.filter((l) => l.includes('FetchHttpApi'))).toEqual([]);
    expect(p.logs.filter((l) => l.text !== undefined)).toEqual([]);
  });

  it('WHEN a second process starts on the same account (another data directory) THEN it is refused, naming the first (host, pid, since), and the first keeps serving', { timeout: 150_000 }, async () => {
    const suffix = Date.now().toString(36);
    const bot = await registerWithSharedSecret(url, secret, `plenary-twice-${suffix}`);
    const env = (d: string): Record<string, string> => ({ MATRIX_HOMESERVER_URL: url, MATRIX_ACCESS_TOKEN: bot.accessToken, PLENARY_DATA_DIR: join(dir, d), LOG_LEVEL: 'info' });
    const first = spawnPlenary(['start'], env('first'), dir);
    running.push(first);
    await first.waitForLog(syncing, 'the first bot syncing', 90_000);
    const second = spawnPlenary(['start'], env('second'), dir);
    running.push(second);
    expect(await Promise.race([second.exited, new Promise<string>((r) => setTimeout(() => r('still running after 90 s'), 90_000))])).toBe(3);
    const said = second.logs.map((l) => (typeof l.text === 'string' ? l.text : '')).join('\n');
    expect(said).toContain(`is served by another Plenary process: pid ${String(first.child.pid)} on `);
    expect(said).toMatch(/since \d{4}-\d\d-\d\dT/);
    expect(second.logs.some((l) => l.msg === 'Matrix bot is syncing')).toBe(false);

    const ana = new MatrixTestUser(url, await registerWithSharedSecret(url, secret, `ana-twice-${suffix}`));
    const roomId = await ana.createRoom();
    await ana.invite(roomId, bot.userId);
    await ana.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === bot.userId && e.content.membership === 'join', 'the bot joining');
    const asked = await ana.say(roomId, '!help');
    await ana.waitFor(roomId, (e) => inReplyTo(e) === asked, 'the answer to help');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});
