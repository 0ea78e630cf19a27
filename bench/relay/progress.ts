import { performance } from 'node:perf_hooks';
import type pg from 'pg';

/** The run's counts, as the driver's finish check and the progress line read them. */
export interface RunCounts {
  referrals: string;
  pending: string;
  outbox: string;
  status: string;
  dirty: string;
  sends: string;
}

export const COUNTS = `SELECT (SELECT count(*) FROM referral WHERE version = 1 AND depth > 0) AS referrals,
                       (SELECT count(*) FROM referral WHERE version = 1 AND status = 'pending') AS pending,
                       -- Work due now; the response motions' closing timers wait days ahead and are not part of the run.
                       (SELECT count(*) FROM outbox_item WHERE status IN ('pending', 'dispatched') AND available_at <= now()) AS outbox,
                       (SELECT status::text FROM proposal LIMIT 1) AS status,
                       (SELECT count(*) FROM referral WHERE dirty_gen > clean_gen) AS dirty,
                       (SELECT count(*) FROM bench_send) AS sends`;

// The run database's statements that have been running longest (other than this one), for a report while counts wait.
const BUSY = `SELECT count(*) FILTER (WHERE state = 'active')::int AS active, count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting,
                     (array_agg(round(extract(epoch FROM now() - query_start)::numeric, 1) || ' s ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90)
                       ORDER BY query_start) FILTER (WHERE state = 'active'))[1:2] AS oldest
              FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;

/**
 * Prints the run's progress every `everyMs` from a connection of its own, so a
 * driver loop waiting on a long decision batch or a relay blocked behind locks
 * still shows where it is: the counts when the last count query came back;
 * while one is still running, the decisions sent so far and what the run's
 * database is busy with (active and lock-waiting statements, the oldest two).
 */
export function startReporter(pool: pg.Pool, o: { say: (l: string) => void; t0: number; expectedReferrals: number; decided: () => number; everyMs: number }): { stop(): Promise<void> } {
  let inFlight: Promise<void> | null = null;
  let since = 0;
  const at = (): string => `${((performance.now() - o.t0) / 1000).toFixed(1)} s`;
  const tick = (): void => {
    if (inFlight) {
      const waited = ((performance.now() - since) / 1000).toFixed(0);
      void pool
        .query<{ active: number; waiting: number; oldest: string[] | null }>(BUSY)
        .then(({ rows: [b] }) => o.say(`  ${at()}: ${o.decided()} decided; counts pending for ${waited} s; database: ${b?.active ?? 0} active, ${b?.waiting ?? 0} waiting on locks${b?.oldest?.length ? `; oldest: ${b.oldest.join(' | ')}` : ''}`))
        .catch((e: unknown) => o.say(`  ${at()}: ${o.decided()} decided; counts pending for ${waited} s (${String(e).slice(0, 80)})`));
      return;
    }
    since = performance.now();
    inFlight = pool
      .query<RunCounts>(COUNTS)
      .then(({ rows: [s] }) => {
        if (s) o.say(`  ${at()}: ${s.referrals}/${o.expectedReferrals} referred, ${o.decided()} decided, ${s.sends} messages, outbox ${s.outbox}, dirty ${s.dirty}, proposal ${s.status}`);
      })
      .catch((e: unknown) => o.say(`  ${at()}: progress query failed: ${String(e).slice(0, 120)}`))
      .finally(() => (inFlight = null));
  };
  const timer = setInterval(tick, o.everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
