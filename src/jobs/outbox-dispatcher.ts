import type { Logger } from '../core/ports/logger.port.js';
import type { Store } from '../core/ports/store.port.js';
import type { OutboxItem } from '../core/model/federation.js';
import { accessJob } from './access.job.js';
import { jobToAdd, type JobQueue, type JobToAdd } from './job-queue.port.js';

/**
 * Moves outbox rows (written in the same transaction as the change that
 * caused them) onto the job queue. Claiming marks rows dispatched; a crash
 * between claim and enqueue is healed by `reclaimStaleOutbox` at start, and
 * deterministic job ids make a re-enqueue a no-op: nothing lost, nothing twice.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** One pass: returns how many items were handed to the queue. */
  async dispatchOnce(limit = 500): Promise<number> {
    const items = await this.store.claimOutbox(this.now(), limit);
    if (items.length === 0) return 0;
    const jobs = items.flatMap((i) => this.toJob(i));
    try {
      await this.queue.addBulk(jobs);
    } catch (e) {
      await this.store.releaseOutbox(items.map((i) => i.id));
      throw e;
    }
    return items.length;
  }

  private toJob(item: OutboxItem): JobToAdd[] {
    if (item.kind === 'access.grant' || item.kind === 'access.revoke' || item.kind === 'access.remove') {
      const p = item.payload;
      const jobId = item.dedupeKey.replace(/[^A-Za-z0-9._-]/g, '_');
      const action = item.kind === 'access.grant' ? 'grant' : item.kind === 'access.revoke' ? 'revoke' : 'remove';
      return [jobToAdd(accessJob, { action, assemblyId: String(p.assemblyId), homeAssemblyId: String(p.homeAssemblyId), personId: String(p.personId), reason: String(p.reason), dedupeKey: item.dedupeKey }, { jobId, attempts: 30, backoffBaseMs: 2_000 })];
    }
    this.log.warn({ kind: item.kind, dedupeKey: item.dedupeKey }, 'outbox item of an unknown kind; leaving it for a newer worker');
    return [];
  }

  /** Re-pends anything claimed long ago (a crash), then polls every `intervalMs`. */
  async start(intervalMs = 1000): Promise<void> {
    const healed = await this.store.reclaimStaleOutbox(new Date(this.now().getTime() - 60_000));
    if (healed > 0) this.log.info({ healed }, 'outbox: re-pended items a crashed dispatcher had claimed');
    const tick = (): void => {
      this.running = this.dispatchOnce()
        .then(() => undefined)
        .catch((e: unknown) => this.log.error({ err: e }, 'outbox dispatch failed; retrying'))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
