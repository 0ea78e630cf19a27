import { nameKey } from '../shared/names.js';
import type { Assembly, Membership, Motion, Person, Platform, RoomBinding } from '../model/entities.js';
import type { Clock } from '../ports/clock.port.js';
import type { SpeechPreference, StoreReads } from '../ports/store.port.js';
import type { AssemblyId, PersonId } from '../shared/ids.js';

interface Entry<T> {
  readonly value: T;
  readonly until: number;
}

/**
 * A short-lived cache of the lookups every ballot repeats (room → assembly,
 * account → person, motion by number, membership). Only the vote path uses
 * it, and only to validate early and answer fast: the store re-checks, in the
 * ballot's own transaction, that the motion is open and the voter an active
 * member, and the closer reads the assembly's rules under its lock, so a
 * stale entry can delay an error message but never decide anything.
 *
 * Staleness is still bounded by more than the TTL: where several processes
 * share one database, a listener (src/adapters/persistence/settings-listener.ts)
 * calls `clear()` whenever any of them commits a change to settings, rooms or
 * accounts, and `setLive(false)` while it cannot hear those changes: the cache
 * then holds nothing until it can again.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly pendingPersons = new Map<Platform, Map<string, ((p: Person | null) => void)[]>>();
  private live = true;
  /** Moves on every clear(): a load that started before a change must not be stored after it. */
  private generation = 0;

  constructor(
    private readonly reads: StoreReads,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 50_000,
  ) {}

  private async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value as T;
    const generation = this.generation;
    const value = await load();
    // Loaded while changes could go unheard, or from before a change heard during the load: use it once, keep nothing.
    if (!this.live || generation !== this.generation) return value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: now + this.ttlMs });
    return value;
  }

  bindingByRoom(platform: Platform, roomId: string): Promise<RoomBinding | null> {
    return this.get(`b\u0000${platform}\u0000${roomId}`, () => this.reads.bindingByRoom(platform, roomId));
  }
  assembly(id: AssemblyId): Promise<Assembly | null> {
    return this.get(`a\u0000${id}`, () => this.reads.assembly(id));
  }
  assemblyByName(name: string): Promise<Assembly | null> {
    return this.get(`an\u0000${nameKey(name)}`, () => this.reads.assemblyByName(name));
  }
  motionByNumber(assemblyId: AssemblyId, n: number): Promise<Motion | null> {
    return this.get(`m\u0000${assemblyId}\u0000${n}`, () => this.reads.motionByNumber(assemblyId, n));
  }
  /** The account's language and time zone, for the words of a reply only (never a decision). */
  speechPreferenceOf(platform: Platform, externalId: string): Promise<SpeechPreference> {
    return this.get(`s\u0000${platform}\u0000${externalId}`, () => this.reads.speechPreferenceOf(platform, externalId));
  }
  personByAccount(platform: Platform, externalId: string): Promise<Person | null> {
    return this.get(`p\u0000${platform}\u0000${externalId}`, () => this.loadPerson(platform, externalId));
  }

  /** Lookups asked for in the same tick go to the store as one query (a burst of first ballots). */
  private loadPerson(platform: Platform, externalId: string): Promise<Person | null> {
    let pending = this.pendingPersons.get(platform);
    if (!pending) {
      const batch = new Map<string, ((p: Person | null) => void)[]>();
      pending = batch;
      this.pendingPersons.set(platform, batch);
      queueMicrotask(() => {
        this.pendingPersons.delete(platform);
        const ids = [...batch.keys()];
        this.reads.personsByAccounts(platform, ids).then(
          (found) => {
            for (const [id, waiters] of batch) for (const w of waiters) w(found.get(id) ?? null);
          },
          () => {
            // Fall back to one lookup each; a persistent failure surfaces there.
            for (const [id, waiters] of batch) for (const w of waiters) void this.reads.personByAccount(platform, id).then(w, () => w(null));
          },
        );
      });
    }
    const waiters = pending.get(externalId) ?? [];
    pending.set(externalId, waiters);
    return new Promise((resolve) => waiters.push(resolve));
  }
  membership(assemblyId: AssemblyId, personId: PersonId): Promise<Membership | null> {
    return this.get(`ms\u0000${assemblyId}\u0000${personId}`, () => this.reads.membership(assemblyId, personId));
  }
  /** Forget everything: a change was committed (here or in another process), or a test wants fresh reads. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** false: changes made elsewhere may go unheard, so cache nothing (every lookup reads the store) until true again. */
  setLive(live: boolean): void {
    this.live = live;
    this.clear();
  }
}
