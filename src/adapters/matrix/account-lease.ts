import { randomUUID } from 'node:crypto';
import type { Logger } from '../../core/ports/logger.port.js';
import type { MatrixApi } from './matrix-api.js';
import { sleep } from './rate-limit.js';

/** The bot account's own account data: wherever a process runs, whatever database it uses, it meets this. */
export const LEASE_TYPE = 'org.plenary.lease';

export interface LeaseHolder {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly since: string;
  readonly renewedAt: string;
}

/** Expected, not a bug: another live process serves the account. The message names it and says what to do. */
export class AccountInUseError extends Error {
  readonly code = 'account-in-use';
  constructor(
    readonly userId: string,
    readonly holder: LeaseHolder,
    ttlMs: number,
  ) {
    super(
      `The Matrix account ${userId} is served by another Plenary process: pid ${String(holder.pid)} on ${holder.host}, since ${holder.since} (last renewed ${holder.renewedAt}). ` +
        `One process per bot account: two would both answer every command. Stop that process first and run this again; ` +
        `if it is gone without stopping (killed, host lost), its claim lapses ${String(Math.round(ttlMs / 1000))} s after its last renewal.`,
    );
    this.name = 'AccountInUseError';
  }
}

export interface AccountLeaseOptions {
  readonly api: Pick<MatrixApi, 'userId' | 'accountData' | 'setAccountData'>;
  readonly host: string;
  readonly pid: number;
  readonly log: Logger;
  /** A claim not renewed for this long is free (default 90 s). */
  readonly ttlMs?: number;
  readonly renewEveryMs?: number;
  /** How long to wait before reading the claim back: two processes starting together both write, the last one wins. */
  readonly settleMs?: number;
  /** Whether a holder on this host still runs (a restart after a kill need not wait out the lapse). */
  readonly isAlive?: (holder: LeaseHolder) => boolean | Promise<boolean>;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * One process per bot account. The claim lives in the account's own account
 * data (`org.plenary.lease`), so it holds across data directories, databases
 * and hosts: a process writes its claim (host, pid, since), reads it back
 * after a moment, and renews it while it runs; a second process finds a fresh
 * claim that is not its own and is refused, naming the holder. A clean stop
 * clears the claim; a killed holder's claim lapses after `ttlMs`, or at once
 * when it was on this host and its pid is gone.
 */
export class AccountLease {
  readonly id = randomUUID();
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | null = null;
  private since = '';

  constructor(private readonly o: AccountLeaseOptions) {
    this.ttlMs = o.ttlMs ?? 90_000;
  }

  /** Claims the account or throws AccountInUseError naming the holder. */
  async acquire(): Promise<void> {
    const held = await this.holder();
    if (held && held.id !== this.id && (await this.inForce(held))) throw new AccountInUseError(this.o.api.userId, held, this.ttlMs);
    this.since = this.now().toISOString();
    await this.write();
    await (this.o.sleep ?? sleep)(this.o.settleMs ?? 1500);
    const after = await this.holder();
    if (after && after.id !== this.id) throw new AccountInUseError(this.o.api.userId, after, this.ttlMs);
    this.timer = setInterval(() => void this.renew(), this.o.renewEveryMs ?? Math.floor(this.ttlMs / 3));
    this.timer.unref();
  }

  /** Clears the claim if it is still this process's. */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    try {
      const held = await this.holder();
      if (held?.id === this.id) await this.o.api.setAccountData(LEASE_TYPE, {});
    } catch (e) {
      this.o.log.warn({ err: e }, `could not clear this process's claim on the account; it lapses in ${String(this.ttlMs / 1000)} s`);
    }
  }

  private async renew(): Promise<void> {
    try {
      const held = await this.holder();
      if (held && held.id !== this.id) {
        this.o.log.error({ holder: held }, 'another process has claimed this Matrix account (this one missed its renewals); stop one of them');
        return;
      }
      await this.write();
    } catch (e) {
      this.o.log.warn({ err: e }, 'could not renew the claim on the Matrix account; retrying');
    }
  }

  private write(): Promise<void> {
    const holder: LeaseHolder = { id: this.id, host: this.o.host, pid: this.o.pid, since: this.since, renewedAt: this.now().toISOString() };
    return this.o.api.setAccountData(LEASE_TYPE, { ...holder });
  }

  private async holder(): Promise<LeaseHolder | null> {
    return parseHolder(await this.o.api.accountData(LEASE_TYPE));
  }

  private async inForce(h: LeaseHolder): Promise<boolean> {
    const age = this.now().getTime() - Date.parse(h.renewedAt);
    if (!(age < this.ttlMs)) return false;
    if (h.host === this.o.host && this.o.isAlive) return this.o.isAlive(h);
    return true;
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }
}

function parseHolder(v: Readonly<Record<string, unknown>> | null): LeaseHolder | null {
  if (!v) return null;
  const { id, host, pid, since, renewedAt } = v;
  if (typeof id !== 'string' || typeof host !== 'string' || typeof pid !== 'number' || typeof since !== 'string' || typeof renewedAt !== 'string') return null;
  return { id, host, pid, since, renewedAt };
}
