import pg from 'pg';
import type { Logger } from '../../core/ports/logger.port.js';
import { withSessionOptions } from './database.js';

/** The channel a transaction that changes settings, rooms or accounts notifies (`PrismaTx.tellCaches`). */
export const SETTINGS_CHANNEL = 'plenary_settings';

/** What the listener drives: the core's `ReadCache`. */
export interface ForgetfulCache {
  clear(): void;
  setLive(live: boolean): void;
}

export interface SettingsListener {
  /** Resolves once listening (or after the first failed attempt; it keeps retrying in the background). */
  readonly ready: Promise<void>;
  /** Whether changes are heard right now (false: the cache is off). */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * Keeps a process's read cache honest when several processes share one
 * PostgreSQL database. Chosen over a version column checked on every read:
 * that check would cost the round trip the cache exists to save. A NOTIFY
 * sent inside the changing transaction reaches every listening session when
 * (and only if) it commits, and costs nothing on the vote path. What LISTEN
 * cannot promise, delivery across a lost connection, is covered by switching
 * the cache off (`setLive(false)`) from the moment the connection fails until
 * it listens again, and clearing it then. Decisions never depend on this:
 * they read their rules under the assembly's lock (closing.service.ts).
 */
export function listenForSettings(databaseUrl: string, cache: ForgetfulCache, log: Logger, retryMs = 1_000): SettingsListener {
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let firstAttempt: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => (firstAttempt = resolve));

  const lost = (c: pg.Client, err?: unknown): void => {
    if (client !== c) return;
    client = null;
    listening = false;
    cache.setLive(false);
    // The error's message only: a pg error can carry the client, and with it the connection settings.
    if (!closed) log.warn({ reason: err instanceof Error ? err.message : 'connection ended' }, 'settings listener lost its connection; the read cache is off until it is back');
    c.end().catch(() => undefined);
    schedule();
  };
  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retryMs);
    timer.unref();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: withSessionOptions(databaseUrl) });
    client = c;
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', (n) => {
      if (n.channel === SETTINGS_CHANNEL) cache.clear();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${SETTINGS_CHANNEL}`);
      if (closed || client !== c) return;
      // Whatever changed while nobody listened is forgotten here.
      listening = true;
      cache.setLive(true);
    } catch (err) {
      lost(c, err);
    } finally {
      firstAttempt?.();
    }
  };

  cache.setLive(false);
  void connect();
  return {
    ready,
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      listening = false;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      cache.setLive(false);
      await c?.end().catch(() => undefined);
    },
  };
}
