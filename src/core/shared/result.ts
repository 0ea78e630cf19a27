/**
 * Expected failures are values, not exceptions (house style): a handler returns
 * `Result<T>`; the adapter edge turns a `DomainError` into user-facing text.
 * A thrown exception is a bug, caught once at the edge and logged with an id.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/** A stable machine code plus a message a member can read. */
export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  /** The same message as an id and parameters (`errT`), for the reader's language; absent: `message` is English only. */
  readonly localized?: { readonly id: string; readonly params: Readonly<Record<string, string | number | Date>> };
}

export type ErrorCode =
  | 'bad-input'
  | 'not-found'
  | 'not-member'
  | 'excluded'
  | 'forbidden'
  /** The platform does not let this person administer the room (see the `room-admin` permission). */
  | 'not-room-admin'
  | 'conflict'
  | 'closed'
  | 'secret'
  | 'too-long'
  | 'rate-limited'
  | 'unavailable';

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): Err<DomainError> => ({ ok: false, error: { code, message } });

export function isOk<T, E>(r: Result<T, E>): r is Ok<T> {
  return r.ok;
}

/** Unwraps in tests and scripts, where a failure is a bug worth a stack trace. */
export function unwrap<T, E>(r: Result<T, E>): T {
  if (r.ok) return r.value;
  const e: unknown = r.error;
  throw new Error(`unwrap on error: ${typeof e === 'object' && e !== null && 'message' in e ? String(e.message) : JSON.stringify(e)}`);
}
