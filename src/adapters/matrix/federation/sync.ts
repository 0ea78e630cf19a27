import { readFile, rename, writeFile } from 'node:fs/promises';
import type { RawEvent } from '../../../core/federation-protocol/envelope.js';
import type { Logger } from '../../../core/ports/logger.port.js';
import { parseInvite, parseRoomEvents, syncResponseSchema, type Invite } from '../matrix-events.js';
import { sleep } from '../rate-limit.js';
import type { FederationHomeserver } from './client.js';

/** Where the federation account's sync position is kept between runs. */
export interface SyncPosition {
  load(): Promise<string | null>;
  save(since: string): Promise<void>;
}

export const memoryPosition = (): SyncPosition & { since: string | null } => {
  const p = {
    since: null as string | null,
    load: () => Promise.resolve(p.since),
    save: (s: string) => {
      p.since = s;
      return Promise.resolve();
    },
  };
  return p;
};

/** A JSON file in the data directory, replaced atomically. */
export function filePosition(path: string): SyncPosition {
  return {
    async load() {
      try {
        const v = JSON.parse(await readFile(path, 'utf8')) as { since?: unknown };
        return typeof v.since === 'string' ? v.since : null;
      } catch {
        return null;
      }
    },
    async save(since) {
      await writeFile(`${path}.tmp`, JSON.stringify({ since }), { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    },
  };
}

export type FederationBatch = (events: readonly RawEvent[], invites: readonly Invite[]) => Promise<void>;

/**
 * Timelines and state of the rooms, no presence, receipts or account data.
 * Not narrowed by event type: a type-filtered timeline comes back `limited`
 * more often (Synapse), and link rooms hold little else; the carrier keeps
 * the `org.plenary.*` events itself.
 */
export const FEDERATION_FILTER = JSON.stringify({
  presence: { types: [] },
  account_data: { types: [] },
  room: { ephemeral: { types: [] }, account_data: { types: [] }, state: { lazy_load_members: true }, timeline: { limit: 500 } },
});

/**
 * The federation account's own /sync (its own access token, so its own
 * device: it takes nothing from the bot's sync). Each batch is handed over
 * before the position moves past it: after a crash the batch comes again,
 * and the inbox drops what it already has. Matrix keeps what arrived while
 * the carrier was stopped, and the next sync brings it.
 */
export class FederationSync {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly homeserver: FederationHomeserver,
    private readonly position: SyncPosition,
    private readonly log: Logger,
    private readonly timeoutMs = 30_000,
    /** Called when a sync answers again after failing (the homeserver, or the way to it, is back). */
    private readonly onRecovered?: () => void,
  ) {}

  run(onBatch: FederationBatch): Promise<void> {
    if (this.loop) throw new Error('the federation sync already runs');
    this.running = true;
    this.loop = this.syncLoop(onBatch);
    return this.loop;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop?.catch(() => undefined);
  }

  private async syncLoop(onBatch: FederationBatch): Promise<void> {
    let since = await this.position.load();
    let failures = 0;
    while (this.running) {
      let raw: unknown;
      try {
        raw = await this.homeserver.sync(since, since === null ? 0 : this.timeoutMs, FEDERATION_FILTER, this.abort.signal);
        if (failures > 0) this.onRecovered?.();
        failures = 0;
      } catch (e) {
        if (this.abort.signal.aborted) break;
        failures++;
        this.log.warn({ err: e, failures }, 'federation sync failed; retrying');
        await sleep(Math.min(60_000, 1000 * 2 ** Math.min(failures - 1, 6)), this.abort.signal);
        continue;
      }
      const r = syncResponseSchema.safeParse(raw);
      if (!r.success) {
        this.log.warn({ issue: r.error.issues[0]?.message }, 'federation sync: unreadable response');
        await sleep(1000, this.abort.signal);
        continue;
      }
      const me = this.homeserver.userId;
      const events: RawEvent[] = [];
      for (const [roomId, room] of Object.entries(r.data.rooms?.join ?? {})) {
        // A limited timeline skipped events: read them from the room, back to where the last sync ended.
        if (room.timeline?.limited && room.timeline.prev_batch && since !== null) {
          try {
            events.push(...(await this.homeserver.history(roomId, 5000, room.timeline.prev_batch, since)));
          } catch (e) {
            this.log.warn({ err: e, roomId }, 'federation sync: could not fill a gap; the resend protocol asks for it');
          }
        }
        for (const e of [...parseRoomEvents(roomId, room.state?.events ?? []), ...parseRoomEvents(roomId, room.timeline?.events ?? [])]) {
          if (e.sender === me || !e.type.startsWith('org.plenary.')) continue;
          events.push({ type: e.type, sender: e.sender, roomId, content: e.content, ...(e.stateKey === undefined ? {} : { stateKey: e.stateKey }) });
        }
      }
      const invites = Object.entries(r.data.rooms?.invite ?? {})
        .map(([roomId, i]) => parseInvite(roomId, me, i.invite_state?.events ?? []))
        .filter((i): i is Invite => i !== null);
      this.log.debug({ events: events.length, invites: invites.length, limited: Object.values(r.data.rooms?.join ?? {}).filter((x) => x.timeline?.limited).length }, 'federation sync batch');
      if (events.length > 0 || invites.length > 0) {
        try {
          await onBatch(events, invites);
        } catch (e) {
          this.log.error({ err: e }, 'federation: handling a sync batch failed');
        }
      }
      since = r.data.next_batch;
      await this.position.save(since).catch((e: unknown) => this.log.error({ err: e }, 'federation: cannot save the sync position'));
    }
  }
}
