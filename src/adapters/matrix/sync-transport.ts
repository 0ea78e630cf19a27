import type { Logger } from '../../core/ports/logger.port.js';
import type { MatrixApi } from './matrix-api.js';
import { parseInvite, parseRoomEvents, type Invite, type RoomEvent, type SyncResponse } from './matrix-events.js';
import { EventWindow } from './event-window.js';
import { sleep } from './rate-limit.js';
import type { SyncSource } from './sdk-matrix-api.js';
import type { SyncCheckpointStore } from './sync-checkpoint.js';

/** What the homeserver delivered since the last batch, de-duplicated, without the bot's own events. */
export interface InboundBatch {
  /** In timeline order within each room. */
  readonly events: readonly RoomEvent[];
  readonly invites: readonly Invite[];
  /** Display names seen in member events, for people the bot meets for the first time. */
  readonly displayNames: ReadonlyMap<string, string>;
}

export type InboundSink = (batch: InboundBatch) => Promise<void>;

/**
 * How the bot meets its homeserver: a stream of inbound batches plus the
 * client-server API for everything it sends. `SyncTransport` long-polls
 * /sync as a user; an appservice transport (transactions pushed by the
 * homeserver, as_token) would implement the same interface, and nothing in
 * the bot or the core changes.
 */
export interface MatrixTransport {
  readonly api: MatrixApi;
  /** Delivers batches to `sink` one at a time until `stop()`. */
  run(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
}

/** The event types the bot acts on; everything else stays on the homeserver. */
/** (`m.room.encryption`: the end-to-end layer learns that a room turned encryption on.) */
export const TIMELINE_TYPES = ['m.room.message', 'm.room.member', 'm.room.encrypted', 'm.room.encryption', 'm.poll.response', 'org.matrix.msc3381.poll.response'] as const;

export interface SyncTransportOptions {
  readonly api: MatrixApi;
  readonly source: SyncSource;
  readonly checkpoints: SyncCheckpointStore;
  readonly log: Logger;
  readonly timeoutMs?: number;
  readonly timelineLimit?: number;
  readonly windowSize?: number;
  readonly errorBackoffMs?: number;
  /** Pages of /messages fetched to fill one gap before giving up (and saying so in the log). */
  readonly maxGapPages?: number;
}

export class SyncTransport implements MatrixTransport {
  readonly api: MatrixApi;
  private running = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly filter: string;

  constructor(private readonly o: SyncTransportOptions) {
    this.api = o.api;
    this.filter = JSON.stringify({
      presence: { types: [] },
      account_data: { types: [] },
      room: { ephemeral: { types: [] }, account_data: { types: [] }, state: { lazy_load_members: true }, timeline: { limit: o.timelineLimit ?? 100, types: TIMELINE_TYPES } },
    });
  }

  run(sink: InboundSink): Promise<void> {
    if (this.loop) throw new Error('the sync transport is already running');
    this.running = true;
    this.loop = this.syncLoop(sink);
    return this.loop;
  }

  /** Lets the batch in hand finish (so nothing is half-done), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  private async syncLoop(sink: InboundSink): Promise<void> {
    const saved = await this.o.checkpoints.load();
    const window = new EventWindow(saved?.recentEventIds ?? [], this.o.windowSize);
    let since = saved?.since ?? null;
    let failures = 0;
    while (this.running) {
      let response: SyncResponse;
      try {
        // The very first sync only learns where "now" is: history is not replayed as commands.
        response = await this.o.source.sync(since, since === null ? 0 : (this.o.timeoutMs ?? 30_000), this.filter, this.abort.signal);
        failures = 0;
      } catch (e) {
        if (this.abort.signal.aborted) break;
        failures++;
        this.o.log.warn({ err: e, failures }, 'sync failed; retrying');
        await sleep(Math.min(60_000, (this.o.errorBackoffMs ?? 1000) * 2 ** Math.min(failures - 1, 6)), this.abort.signal);
        continue;
      }
      const batch = await this.collect(response, since, window);
      // Claim the events before handling them: after a crash mid-batch the replayed batch is
      // recognised, so a command never runs twice (a crash can lose at most the batch in hand).
      if (batch.events.length > 0) await this.save(since, window);
      if (batch.events.length > 0 || batch.invites.length > 0) {
        try {
          await sink(batch);
        } catch (e) {
          this.o.log.error({ err: e }, 'handling a sync batch failed');
        }
      }
      if (response.next_batch !== since || batch.events.length > 0) {
        since = response.next_batch;
        await this.save(since, window);
      }
    }
  }

  private async save(since: string | null, window: EventWindow): Promise<void> {
    try {
      await this.o.checkpoints.save({ since, recentEventIds: window.list() });
    } catch (e) {
      this.o.log.error({ err: e }, 'cannot save the sync position; a restart may replay or miss events');
    }
  }

  private async collect(response: SyncResponse, since: string | null, window: EventWindow): Promise<InboundBatch> {
    const me = this.api.userId;
    const events: RoomEvent[] = [];
    const displayNames = new Map<string, string>();
    for (const [roomId, room] of Object.entries(response.rooms?.join ?? {})) {
      const timeline = parseRoomEvents(roomId, room.timeline?.events ?? []);
      for (const e of [...parseRoomEvents(roomId, room.state?.events ?? []), ...timeline]) {
        if (e.type === 'm.room.member' && e.stateKey && typeof e.content.displayname === 'string') displayNames.set(e.stateKey, e.content.displayname);
      }
      if (since === null) continue;
      const gap = room.timeline?.limited && room.timeline.prev_batch ? await this.fillGap(roomId, room.timeline.prev_batch, since) : [];
      let all = [...gap, ...timeline];
      // Events from before the bot joined were not addressed to it.
      const ownJoin = all.findLastIndex((e) => isOwnJoin(e, me));
      if (ownJoin >= 0) all = all.slice(ownJoin + 1);
      for (const e of all) {
        if (e.sender === me || window.has(e.eventId)) continue;
        window.add(e.eventId);
        events.push(e);
      }
    }
    const invites = Object.entries(response.rooms?.invite ?? {})
      .map(([roomId, r]) => parseInvite(roomId, me, r.invite_state?.events ?? []))
      .filter((i): i is Invite => i !== null);
    return { events, invites, displayNames };
  }

  /**
   * A limited timeline skipped events (a burst of poll responses, say): page
   * back from the timeline's start to where the previous sync ended. Events
   * already taken are dropped by the window.
   */
  private async fillGap(roomId: string, from: string, to: string): Promise<RoomEvent[]> {
    const found: RoomEvent[] = [];
    let token: string | null = from;
    for (let page = 0; token !== null; page++) {
      if (page >= (this.o.maxGapPages ?? 50)) {
        this.o.log.warn({ roomId, fetched: found.length }, 'a sync gap is too large to fill; older events in it are skipped');
        break;
      }
      const r = await this.o.source.messagesBackwards(roomId, token, to, 100);
      const own = r.events.findIndex((e) => isOwnJoin(e, this.api.userId));
      found.push(...(own >= 0 ? r.events.slice(0, own + 1) : r.events));
      if (own >= 0 || r.events.length === 0) break;
      token = r.end;
    }
    return found.reverse();
  }
}

const isOwnJoin = (e: RoomEvent, me: string): boolean => e.type === 'm.room.member' && e.stateKey === me && e.content.membership === 'join';
