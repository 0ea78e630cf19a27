import type { Logger } from '../core/ports/logger.port.js';
import type { Store } from '../core/ports/store.port.js';
import type { OutboxItem } from '../core/model/federation.js';
import { PLATFORMS, type Platform } from '../core/model/entities.js';
import { accessJob } from './access.job.js';
import { jobToAdd, type JobQueue, type JobToAdd } from './job-queue.port.js';
import { describeIssues } from './job-policy.js';
import { platformSendDefinition } from './platform-send.job.js';
import { relayJobFor } from './relay.routes.js';
import { jobIdFor } from './job-ids.js';
import { MOTION_DEADLINE_KIND } from '../core/services/motion-deadline.js';
import { motionDeadlineJob } from './motion-deadline.job.js';

const PLATFORM_SEND_RETRY = { attempts: 30, backoffBaseMs: 2_000 } as const;
/** A motion deadline's job runs this long after its second. */
const DEADLINE_SLACK_MS = 250;

const isPlatform = (p: unknown): p is Platform => PLATFORMS.some((known) => known === p);

/**
 * What an outbox row becomes: a job; an error, when its payload can never be
 * a job (the row is marked failed rather than released, so it cannot block
 * the rows after it); or nothing, for a kind a newer worker will know.
 */
type Mapped = { readonly job: JobToAdd } | { readonly error: string } | null;

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
    const jobs: JobToAdd[] = [];
    const jobItems: OutboxItem[] = [];
    const queueable: OutboxItem[] = [];
    const unqueueable: { item: OutboxItem; error: string }[] = [];
    for (const item of items) {
      const mapped = this.toJob(item);
      if (mapped !== null && 'error' in mapped) unqueueable.push({ item, error: mapped.error });
      else {
        queueable.push(item);
        if (mapped) {
          jobs.push(mapped.job);
          jobItems.push(item);
        }
      }
    }
    try {
      // A row claimed before (attempts > 1) was re-pended by the reconciler: its job may have been lost, or
      // may have failed for good, so a finished job with its id is replaced rather than kept.
      const first = jobs.filter((_, i) => (jobItems[i]?.attempts ?? 1) <= 1);
      const again = jobs.filter((_, i) => (jobItems[i]?.attempts ?? 1) > 1);
      if (first.length > 0) await this.queue.addBulk(first);
      if (again.length > 0) await this.queue.addBulk(again, { replaceFinished: true });
    } catch (e) {
      await this.store.releaseOutbox(queueable);
      throw e;
    }
    for (const { item, error } of unqueueable) {
      this.log.error({ kind: item.kind, dedupeKey: item.dedupeKey, error }, 'outbox item cannot become a job; marked failed');
      await this.store.finishOutbox(item.dedupeKey, { ok: false, error });
    }
    return items.length;
  }

  private toJob(item: OutboxItem): Mapped {
    if (item.kind === 'access.grant' || item.kind === 'access.revoke' || item.kind === 'access.remove') {
      const p = item.payload;
      const action = item.kind === 'access.grant' ? 'grant' : item.kind === 'access.revoke' ? 'revoke' : 'remove';
      return { job: jobToAdd(accessJob, { action, assemblyId: String(p.assemblyId), homeAssemblyId: String(p.homeAssemblyId), personId: String(p.personId), reason: String(p.reason), ...(p.message === undefined ? {} : { message: p.message }), dedupeKey: item.dedupeKey }, { jobId: jobIdFor(item.dedupeKey), attempts: 30, backoffBaseMs: 2_000 }) };
    }
    if (item.kind === 'platform.send') return this.platformSendJob(item);
    if (item.kind === MOTION_DEADLINE_KIND) return this.motionDeadlineJob(item);
    const relay = relayJobFor(item, this.now().getTime());
    if (relay) return { job: relay };
    this.log.warn({ kind: item.kind, dedupeKey: item.dedupeKey }, 'outbox item of an unknown kind; leaving it for a newer worker');
    return null;
  }

  /** A delayed job due a moment after its second (clocks of processes may differ by a little), so the motions are due when it runs. */
  private motionDeadlineJob(item: OutboxItem): Mapped {
    const at = item.payload.at;
    if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return { error: `motion.deadline: at must be a time in ms, got ${JSON.stringify(at)}` };
    return { job: jobToAdd(motionDeadlineJob, { at, dedupeKey: item.dedupeKey }, { jobId: jobIdFor(item.dedupeKey), delayMs: Math.max(0, at + DEADLINE_SLACK_MS - this.now().getTime()), attempts: 20, backoffBaseMs: 5_000 }) };
  }

  /** One job on the platform's lane; the payload is checked here so a bad row fails alone instead of failing the whole batch's addBulk. */
  private platformSendJob(item: OutboxItem): Mapped {
    const { platform, items } = item.payload;
    if (!isPlatform(platform)) return { error: `platform.send: unknown platform ${JSON.stringify(platform)}` };
    const definition = platformSendDefinition(platform);
    const parsed = definition.payload.safeParse({ dedupeKey: item.dedupeKey, platform, items });
    if (!parsed.success) return { error: `platform.send: ${describeIssues(parsed.error.issues).join('; ')}` };
    return { job: jobToAdd(definition, parsed.data, { jobId: jobIdFor(item.dedupeKey), ...PLATFORM_SEND_RETRY }) };
  }

  /**
   * Re-pends anything claimed long ago, then polls every `intervalMs` (at
   * once again while there is a backlog). Every `reconcileEveryMs` it also
   * re-pends rows dispatched more than `staleMs` ago and never finished: their
   * job was lost (a crash between claim and enqueue, or Redis restarted
   * without persistence). Re-adding a job that still exists is a no-op, and
   * every handler is idempotent, so this loses and duplicates nothing.
   */
  async start(intervalMs = 1000, o: { readonly staleMs?: number; readonly reconcileEveryMs?: number; readonly batch?: number } = {}): Promise<void> {
    // Long enough that rows whose job simply waits behind a paced platform lane are not re-checked every time.
    const staleMs = o.staleMs ?? 5 * 60_000;
    const reconcileEveryMs = o.reconcileEveryMs ?? 30_000;
    const batch = o.batch ?? 500;
    const reconcile = async (): Promise<void> => {
      const healed = await this.store.reclaimStaleOutbox(new Date(this.now().getTime() - staleMs));
      if (healed > 0) this.log.info({ healed }, 'outbox: re-pended items whose job was lost');
    };
    await reconcile();
    let lastReconcile = Date.now();
    const tick = (): void => {
      let backlog = false;
      this.running = (async () => {
        if (Date.now() - lastReconcile >= reconcileEveryMs) {
          lastReconcile = Date.now();
          await reconcile();
        }
        backlog = (await this.dispatchOnce(batch)) >= batch;
      })()
        .catch((e: unknown) => this.log.error({ err: e }, 'outbox dispatch failed; retrying'))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, backlog ? 0 : intervalMs);
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
