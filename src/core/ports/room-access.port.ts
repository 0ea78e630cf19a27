import type { Platform, RoomRef } from '../model/entities.js';

/** What happened when the bot changed someone's access to a room. */
export type AccessOutcome =
  | { readonly ok: true; readonly changed: boolean }
  /** `retry`: worth trying again (rate limit, outage); otherwise a facilitator must fix something (permissions). */
  | { readonly ok: false; readonly retry: boolean; readonly reason: string };

/**
 * Enforcement in the platform: delegates get into their assembly's room when
 * elected and out the moment they are recalled; excluded members can be
 * removed from the bound rooms. Discord: a role or channel overwrite; Matrix:
 * invite + power level, and kick. Calls run from the job queue with retries,
 * so a failure is retried until done and shown to facilitators, never dropped.
 */
export interface RoomAccess {
  readonly platform: Platform;
  grant(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome>;
  revoke(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome>;
  /** Removes the person from the room altogether (kick), for exclusions where the assembly wants it. */
  remove(room: RoomRef, userId: string, reason: string): Promise<AccessOutcome>;
  /** What the bot lacks in this room to do its job; empty when all is well. Checked at setup. */
  missingPermissions(room: RoomRef): Promise<readonly string[]>;
}
