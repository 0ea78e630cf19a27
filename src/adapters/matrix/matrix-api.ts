import type { RoomEvent } from './matrix-events.js';

export type Membership = 'join' | 'invite' | 'leave' | 'ban' | 'knock';

/**
 * The client-server calls the Matrix bot makes, nothing more. One port so the
 * adapter's logic (replies, polls, access) does not care how requests travel:
 * `SdkMatrixApi` speaks through matrix-js-sdk as a logged-in user; an
 * appservice would implement the same calls with its as_token.
 */
export interface MatrixApi {
  readonly userId: string;
  /** PUT /rooms/{roomId}/send/{type}/{txnId}: the same txnId never makes a second event. */
  sendEvent(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string>;
  event(roomId: string, eventId: string): Promise<RoomEvent | null>;
  /** The content of a state event, or null when the room has none. */
  state(roomId: string, type: string, stateKey: string): Promise<Readonly<Record<string, unknown>> | null>;
  setState(roomId: string, type: string, stateKey: string, content: Readonly<Record<string, unknown>>): Promise<void>;
  join(roomId: string): Promise<void>;
  /** `reason` is shown on the leave event (declining an invitation says why). */
  leave(roomId: string, reason?: string): Promise<void>;
  invite(roomId: string, userId: string, reason?: string): Promise<void>;
  kick(roomId: string, userId: string, reason: string): Promise<void>;
  membership(roomId: string, userId: string): Promise<Membership | null>;
  joinedMembers(roomId: string): Promise<readonly string[]>;
  /** `encrypted`: created with `m.room.encryption` in its initial state (as Element creates DMs). */
  createDirectRoom(userId: string, o?: { readonly encrypted?: boolean }): Promise<string>;
  accountData(type: string): Promise<Readonly<Record<string, unknown>> | null>;
  setAccountData(type: string, content: Readonly<Record<string, unknown>>): Promise<void>;
  /** Uploads a file to the media repository; returns its mxc:// URI. */
  upload(content: string, filename: string, contentType: string): Promise<string>;
}

/**
 * A failed request, independent of the SDK that made it: `retryable` says
 * whether trying later may work (rate limit, outage) or a person must act
 * (403: the bot lacks a power level; 404: no such room).
 */
export class MatrixRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'MatrixRequestError';
  }
}

export const isForbidden = (e: unknown): boolean => e instanceof MatrixRequestError && e.status === 403;
export const isNotFound = (e: unknown): boolean => e instanceof MatrixRequestError && e.status === 404;
