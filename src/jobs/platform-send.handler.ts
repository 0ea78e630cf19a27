import type { Platform } from '../core/model/entities.js';
import type { Logger } from '../core/ports/logger.port.js';
import { RoomUnreachableError, type RoomSender, type RoomSenders } from '../core/ports/room-sender.port.js';
import type { Store } from '../core/ports/store.port.js';
import { withWebLink, type WebLinks } from '../core/ports/web-links.port.js';
import type { RoomHealth } from '../core/services/room-health.js';
import type { DeliveryStore } from './delivery-store.port.js';
import { RateLimitedJobError } from './errors.js';
import { handleJob } from './job-handler.js';
import type { JobHandler, ReceivedJob } from './job-queue.port.js';
import { platformSendDefinition, type PlatformSendItem, type PlatformSendPayload } from './platform-send.job.js';

/**
 * Long enough for a live worker to send one message (each check before a
 * send renews that message's lease); short enough that a message a crashed
 * worker may have posted is resent within Discord's nonce window of a few
 * minutes, so the platform drops the resend (Matrix keeps transaction ids
 * longer). A worker that outlasts it (frozen, or in a long 429 wait inside
 * the Matrix adapter) finds the messages taken over and skips them; only the
 * one it had in flight may be posted twice, under the same idempotency key.
 */
export const DEFAULT_DELIVERY_LEASE_MS = 2 * 60_000;

/**
 * Messages posted within this long of the last mark are marked sent together
 * (one statement), the rest one by one. A real platform takes longer than
 * this per request (Discord allows 50 requests/s, so at least 20 ms apart),
 * so there every message is marked right after it is posted; a fast loopback
 * or test platform marks a whole job in one statement. What a crash or a
 * freeze can leave unmarked, and so resent under the same idempotency key
 * by the worker that takes over, is the messages posted in that window.
 */
export const DEFAULT_MARK_WINDOW_MS = 20;

export interface PlatformSendDeps {
  /** Only `finishOutbox` is used: the job's outbox row is done when every item is sent. */
  readonly store: Pick<Store, 'finishOutbox'>;
  readonly deliveries: DeliveryStore;
  readonly senders: RoomSenders;
  readonly log: Logger;
  /**
   * Marks rooms that refuse messages for good and skips them afterwards.
   * Without it a refused message is still given up on its own (the others
   * go on), but the next job tries the room again.
   */
  readonly rooms?: RoomHealth;
  readonly leaseMs?: number;
  /** See DEFAULT_MARK_WINDOW_MS; 0 marks every message on its own. */
  readonly markWindowMs?: number;
  readonly now?: () => Date;
  /** Adds the web view's link to a message (PLENARY_WEB_URL); messages queued before it was configured get it too. */
  readonly web?: WebLinks;
}

/** A thrown value that says how long the platform wants us to wait (`RoomRateLimitedError` or a look-alike). */
function retryAfterMsOf(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null || !('retryAfterMs' in thrown)) return undefined;
  const ms = thrown.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

const errorMessage = (thrown: unknown): string => (thrown instanceof Error ? thrown.message : String(thrown));

/**
 * One handler per platform lane. Each job: claim its items, send the claimed
 * ones in order under their key as idempotency key, each after checking its
 * claim is still held (fencing token) and marked sent at once.
 * Each message stands on its own: one whose room is gone or refuses the bot
 * is marked failed (and the room marked, so later jobs skip it) while the
 * others are sent; items for a room already marked are not even claimed.
 * On any other failure the unsent claims are released, so nothing waits for
 * a lease and nothing is posted twice; a platform 429 becomes a lane pause. The
 * composition root works only the lanes whose bot runs in its process.
 */
export function platformSendHandlers(deps: PlatformSendDeps): Readonly<Record<Platform, JobHandler>> {
  const handler = (platform: Platform): JobHandler => handleJob(platformSendDefinition(platform), (job) => sendJob(deps, job));
  return { discord: handler('discord'), matrix: handler('matrix'), console: handler('console') };
}

async function sendJob(deps: PlatformSendDeps, job: ReceivedJob<PlatformSendPayload>): Promise<void> {
  const { dedupeKey, platform } = job.payload;
  try {
    await deliver(deps, job.payload);
  } catch (e) {
    const retryAfterMs = retryAfterMsOf(e);
    if (retryAfterMs !== undefined) {
      deps.log.info({ dedupeKey, platform, retryAfterMs }, 'platform rate limit: pausing the lane');
      throw new RateLimitedJobError(retryAfterMs, `${platform} rate limit while sending ${dedupeKey}: ${errorMessage(e)}`);
    }
    // Only the last attempt marks the row failed: until then the queue retries, and a success marks it done.
    if (job.attempt >= job.maxAttempts) await deps.store.finishOutbox(dedupeKey, { ok: false, error: errorMessage(e) });
    deps.log.warn({ err: e, dedupeKey, platform, attempt: job.attempt, maxAttempts: job.maxAttempts }, job.attempt >= job.maxAttempts ? 'platform send failed for good' : 'platform send failed; the queue retries it');
    throw e;
  }
}

async function deliver(deps: PlatformSendDeps, { dedupeKey, platform, items }: PlatformSendPayload): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const sender = deps.senders.get(platform);
  // Checked before claiming: a claim this process could not honour would hold the items for a lease.
  if (!sender) throw new Error(`no ${platform} bot runs in this process, so ${dedupeKey} cannot be sent here; work the ${platform} lane only where that bot runs`);
  const rooms = deps.rooms ? await deps.rooms.look(platform, items.map((i) => i.room.roomId)) : { skip: new Set<string>(), marked: new Set<string>() };
  const skipped = items.filter((i) => rooms.skip.has(i.room.roomId));
  if (skipped.length > 0) deps.log.info({ dedupeKey, platform, skipped: skipped.map((i) => i.key) }, 'skipping messages for rooms that refuse the bot');
  const wanted = items.filter((i) => !rooms.skip.has(i.room.roomId));
  const claims = wanted.map((i) => ({ key: i.key, platform, roomId: i.room.roomId }));
  const claimedAt = now();
  const tokens = await deps.deliveries.claim(claims, deps.leaseMs ?? DEFAULT_DELIVERY_LEASE_MS, claimedAt);
  const claimed = wanted.flatMap((item) => {
    const token = tokens.get(item.key);
    return token === undefined ? [] : [{ item, token }];
  });
  const lost = await sendClaimed(deps, sender, claimed, now, claimedAt, rooms.marked);

  const others = [...wanted.filter((i) => !tokens.has(i.key)).map((i) => i.key), ...lost];
  if (others.length > 0) {
    const done = await deps.deliveries.settled(others);
    const held = others.filter((k) => !done.has(k));
    // Another worker is sending these (or crashed doing so): retry after it finishes or its lease runs out.
    if (held.length > 0) throw new Error(`${held.length} of ${items.length} messages of ${dedupeKey} are claimed by another worker; retrying later`);
  }
  await deps.store.finishOutbox(dedupeKey, { ok: true });
}

interface Claimed {
  readonly item: PlatformSendItem;
  readonly token: number;
}

/**
 * Sends in order; each message, once a quarter of the lease has passed since
 * the claim, only after confirming right before that its claim is still this
 * worker's (a worker frozen past its lease finds the claims another worker
 * took over and sends none of them), and marks it sent after, fenced by the
 * same token: at once when the last mark is older than the mark window,
 * otherwise with the next ones (at the latest before the next check, the
 * next slow send, a failure or the end of the job). Returns the keys it lost
 * to another worker. On a failure the posted messages are marked, the unsent
 * claims released and the error rethrown. A worker that stops or dies leaves
 * the message in flight and those of the last window unmarked: sent again
 * after the lease under the same key, which the platform takes as the same
 * message (Discord nonce with enforce_nonce, Matrix transaction id).
 */
async function sendClaimed(deps: PlatformSendDeps, sender: RoomSender, claimed: readonly Claimed[], now: () => Date, claimedAt: Date, marked: ReadonlySet<string>): Promise<string[]> {
  const lost: string[] = [];
  // While less than a quarter of the lease has passed since the claim, no other worker can hold these
  // claims (they are taken over only once the lease has run out), so the check before a send is needed
  // only after that: a job that ran long, waited out a rate limit, or was frozen.
  const safeUntil = claimedAt.getTime() + (deps.leaseMs ?? DEFAULT_DELIVERY_LEASE_MS) / 4;
  const windowMs = deps.markWindowMs ?? DEFAULT_MARK_WINDOW_MS;
  const marks = new PendingMarks(deps, now);
  // Rooms that refused a message in this job: their later messages are given up without a request.
  const refused = new Set<string>();
  // The first claim not yet posted: on a failure, it and those after it are released.
  let next = 0;
  try {
    for (let c = claimed[next]; c !== undefined; c = claimed[next]) {
      const { item, token } = c;
      const claim = { key: item.key, token };
      if (refused.has(item.room.roomId)) {
        next++;
        await deps.deliveries.markFailed([claim], now());
        continue;
      }
      const t = now().getTime();
      const checking = t > safeUntil;
      if (checking || t - marks.since >= windowMs) await marks.flush();
      if (checking && !(await deps.deliveries.confirm(claim, now()))) {
        lost.push(item.key);
        next++;
        continue;
      }
      const outcome = await sendOne(deps, sender, item, marked.has(item.room.roomId));
      // Posted or refused for good: not released if marking it fails (its lease runs out instead, and the key covers a resend).
      next++;
      if (outcome === 'unreachable') {
        refused.add(item.room.roomId);
        await deps.deliveries.markFailed([claim], now());
        continue;
      }
      marks.add(claim);
      if (now().getTime() - marks.since >= windowMs) await marks.flush();
    }
    await marks.flush();
  } catch (e) {
    await marks.flush().catch((m: unknown) => deps.log.warn({ err: m }, 'could not mark the posted messages of a failed send; their leases will expire and the platform drops resends by key'));
    await release(deps, claimed.slice(next).map(({ item, token }) => ({ key: item.key, token })));
    throw e;
  }
  return lost;
}

/** Posted messages waiting to be marked sent, and when the last mark was written. */
class PendingMarks {
  private claims: { key: string; token: number }[] = [];
  since: number;

  constructor(
    private readonly deps: PlatformSendDeps,
    private readonly now: () => Date,
  ) {
    this.since = now().getTime();
  }

  add(claim: { key: string; token: number }): void {
    this.claims.push(claim);
  }

  async flush(): Promise<void> {
    this.since = this.now().getTime();
    if (this.claims.length === 0) return;
    const claims = this.claims;
    this.claims = [];
    const marked = await this.deps.deliveries.markSent(claims, this.now());
    // Overtaken while unmarked: the new holder sends it under the same key, which the platform drops.
    for (const c of claims) if (!marked.has(c.key)) this.deps.log.warn({ key: c.key }, 'a message was sent after its claim was taken over; the platform drops the duplicate by its key');
  }
}

/** One message: 'unreachable' when its room refuses the bot for good (marked through `rooms` when there is one). */
async function sendOne(deps: PlatformSendDeps, sender: RoomSender, item: PlatformSendItem, wasMarked: boolean): Promise<'sent' | 'unreachable'> {
  // A direct message goes to an account, not a room: no room to mark as refusing.
  if (item.direct) return sendDirect(deps, sender, item).then(() => 'sent' as const);
  const send = () => sender.send(item.room, withWebLink(deps.web, item.message), item.key);
  if (deps.rooms) return deps.rooms.attempt(item.room, wasMarked, send);
  try {
    await send();
    return 'sent';
  } catch (e) {
    if (!(e instanceof RoomUnreachableError)) throw e;
    deps.log.warn({ key: item.key, roomId: item.room.roomId, reason: e.reason, err: e }, 'a room refused a message for good; the other messages go on');
    return 'unreachable';
  }
}

/** Best effort: if the database is down too, the lease covers it. */
async function release(deps: PlatformSendDeps, unsent: readonly { key: string; token: number }[]): Promise<void> {
  try {
    await deps.deliveries.release(unsent);
  } catch (e) {
    deps.log.warn({ err: e, unsent: unsent.map((c) => c.key) }, 'could not release the claims of a failed send; their leases will expire');
  }
}

/** A direct message on a platform whose bot has none is dropped (logged): nothing could ever deliver it. */
async function sendDirect(deps: PlatformSendDeps, sender: RoomSender, item: PlatformSendItem): Promise<void> {
  if (!sender.sendDirect) {
    deps.log.warn({ key: item.key, platform: sender.platform }, 'this platform has no direct messages; dropped');
    return;
  }
  await sender.sendDirect(item.room.roomId, item.message, item.key);
}
