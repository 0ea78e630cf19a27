import type { WitnessedHead } from '../events/witness.js';
import type { Platform, RoomRef } from '../model/entities.js';

/**
 * The chain heads the bot itself posted in a room, read back from the
 * platform's own history rather than from our database: what members saw is
 * then a witness the operator cannot rewrite. Implemented by each adapter's
 * room sender (Discord: the bot's messages and their embed footers; Matrix:
 * the bot's events and their `org.plenary.chain_head` field; console: what it
 * printed).
 */
export interface WitnessSource {
  readonly platform: Platform;
  /** Heads found in the bot's own messages of `room`, looking back over at most `limit` messages. */
  headsPosted(room: RoomRef, limit: number): Promise<readonly WitnessedHead[]>;
}

/** Senders that can also read their room's history are the deployment's witness sources. */
export const isWitnessSource = (x: object): x is WitnessSource => typeof (x as Partial<WitnessSource>).headsPosted === 'function';

/** The Matrix event content field carrying the head exactly (the text line shortens the hash). */
export const MATRIX_HEAD_FIELD = 'org.plenary.chain_head';
