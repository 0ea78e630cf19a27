import { z } from 'zod';
import { JsonFile } from './json-file.js';

/** Where the sync stream stands, and the events already taken from it. */
export interface SyncCheckpoint {
  /** The `next_batch` of the last batch fully handed to the bot; null before the first sync. */
  readonly since: string | null;
  /** Recently taken event ids, oldest first (a bounded window), so a replayed batch is recognised. */
  readonly recentEventIds: readonly string[];
}

/**
 * Persistence for the sync position: a restart resumes exactly where the bot
 * stopped, so it neither misses commands nor runs them twice. In memory for
 * tests; a JSON file in PLENARY_DATA_DIR in production.
 */
export interface SyncCheckpointStore {
  load(): Promise<SyncCheckpoint | null>;
  save(checkpoint: SyncCheckpoint): Promise<void>;
}

export class MemorySyncCheckpointStore implements SyncCheckpointStore {
  saved: SyncCheckpoint | null = null;
  saves = 0;
  load(): Promise<SyncCheckpoint | null> {
    return Promise.resolve(this.saved);
  }
  save(checkpoint: SyncCheckpoint): Promise<void> {
    this.saved = { since: checkpoint.since, recentEventIds: [...checkpoint.recentEventIds] };
    this.saves++;
    return Promise.resolve();
  }
}

const fileSchema = z.object({ account: z.string(), since: z.string().nullable(), recentEventIds: z.array(z.string()) });

/**
 * The checkpoint as a JSON file. It names the account it belongs to: a
 * since token from another account or homeserver is meaningless, so a file
 * written for a different account is ignored (the bot starts from now).
 */
export class JsonFileSyncCheckpointStore implements SyncCheckpointStore {
  private readonly file: JsonFile<z.infer<typeof fileSchema>>;

  constructor(
    path: string,
    private readonly account: string,
  ) {
    this.file = new JsonFile(path);
  }

  async load(): Promise<SyncCheckpoint | null> {
    const parsed = fileSchema.safeParse(await this.file.read());
    if (!parsed.success || parsed.data.account !== this.account) return null;
    return { since: parsed.data.since, recentEventIds: parsed.data.recentEventIds };
  }

  save(checkpoint: SyncCheckpoint): Promise<void> {
    return this.file.write({ account: this.account, since: checkpoint.since, recentEventIds: [...checkpoint.recentEventIds] });
  }
}
