import { describe, expect, it } from 'vitest';
import { AccountInUseError, AccountLease, LEASE_TYPE, type AccountLeaseOptions } from '../../../src/adapters/matrix/account-lease.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';

/** The account data of one Matrix account, as every process serving it sees it (last write wins). */
function accountData(): AccountLeaseOptions['api'] & { data: Map<string, Readonly<Record<string, unknown>>> } {
  const data = new Map<string, Readonly<Record<string, unknown>>>();
  return {
    data,
    userId: '@plenary:example.org',
    accountData: (type) => Promise.resolve(data.get(type) ?? null),
    setAccountData: (type, content) => {
      data.set(type, content);
      return Promise.resolve();
    },
  };
}

const at = (iso: string) => () => new Date(iso);
const noWait = (): Promise<void> => Promise.resolve();

describe('GIVEN one Matrix bot account', () => {
  it('WHEN a second process starts while the first holds it THEN it is refused with the holder named (host, pid, since)', async () => {
    const api = accountData();
    const first = new AccountLease({ api, host: 'hall-1', pid: 4100, log: silentLogger, now: at('2026-12-07T10:00:00Z'), sleep: noWait });
    await first.acquire();
    const second = new AccountLease({ api, host: 'hall-2', pid: 77, log: silentLogger, now: at('2026-12-07T10:00:30Z'), sleep: noWait });
    const refused = await second.acquire().then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(AccountInUseError);
    const message = (refused as Error).message;
    expect(message).toContain('pid 4100 on hall-1');
    expect(message).toContain('since 2026-12-07T10:00:00.000Z');
    expect(message).toContain('@plenary:example.org');
    await first.release();
  });

  it('WHEN the holder stops cleanly THEN the next process gets the account at once', async () => {
    const api = accountData();
    const first = new AccountLease({ api, host: 'h', pid: 1, log: silentLogger, sleep: noWait });
    await first.acquire();
    await first.release();
    const next = new AccountLease({ api, host: 'h', pid: 2, log: silentLogger, sleep: noWait });
    await expect(next.acquire()).resolves.toBeUndefined();
    await next.release();
  });

  it('WHEN the holder was killed THEN its claim lapses after the ttl, or at once on the same host when its pid is gone', async () => {
    const api = accountData();
    await new AccountLease({ api, host: 'h', pid: 1, log: silentLogger, now: at('2026-12-07T10:00:00Z'), sleep: noWait }).acquire();
    const elsewhere = (iso: string) => new AccountLease({ api, host: 'other', pid: 9, log: silentLogger, now: at(iso), ttlMs: 90_000, sleep: noWait });
    await expect(elsewhere('2026-12-07T10:01:29Z').acquire()).rejects.toBeInstanceOf(AccountInUseError);
    const late = elsewhere('2026-12-07T10:01:31Z');
    await expect(late.acquire()).resolves.toBeUndefined();
    await late.release();

    await new AccountLease({ api, host: 'h', pid: 1, log: silentLogger, now: at('2026-12-07T11:00:00Z'), sleep: noWait }).acquire();
    const restart = new AccountLease({ api, host: 'h', pid: 2, log: silentLogger, now: at('2026-12-07T11:00:05Z'), isAlive: (holder) => holder.pid !== 1, sleep: noWait });
    await expect(restart.acquire()).resolves.toBeUndefined();
    await restart.release();
  });

  it('WHEN two processes start at the same moment THEN exactly one holds the account', async () => {
    for (let round = 0; round < 20; round++) {
      const api = accountData();
      const tick = (): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * 3));
      const leases = [1, 2, 3].map((pid) => new AccountLease({ api, host: 'h', pid, log: silentLogger, sleep: () => new Promise((r) => setTimeout(r, 10)) }));
      const results = await Promise.all(leases.map(async (l) => (await tick(), l.acquire().then(() => 'held', () => 'refused'))));
      expect(results.filter((r) => r === 'held')).toHaveLength(1);
      for (const l of leases) await l.release();
      expect(api.data.get(LEASE_TYPE)).toEqual({});
    }
  });

  it('WHEN account data holds something that is not a claim THEN it is treated as free', async () => {
    const api = accountData();
    api.data.set(LEASE_TYPE, { pid: 'nine', host: 3 });
    const lease = new AccountLease({ api, host: 'h', pid: 1, log: silentLogger, sleep: noWait });
    await expect(lease.acquire()).resolves.toBeUndefined();
    await lease.release();
  });
});
