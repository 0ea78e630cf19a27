import { randomUUID } from 'node:crypto';
import { pino, type Logger as Pino } from 'pino';
import { redactSecrets } from '../adapters/persistence/pg-errors.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { Config } from './config.js';

/** Properties a driver hangs on its errors that hold live objects and connection settings: never logged. */
const UNSAFE_ERROR_KEYS = new Set(['client', 'connection', 'pool', 'config', 'connectionParameters', 'socket']);

/** pino's error serializer without the objects pg attaches (`err.client`), secrets in URLs masked. */
export function safeErr(e: unknown): unknown {
  const s: unknown = e instanceof Error ? pino.stdSerializers.err(e) : e;
  if (typeof s !== 'object' || s === null) return typeof s === 'string' ? redactSecrets(s) : s;
  return Object.fromEntries(Object.entries(s).filter(([k]) => !UNSAFE_ERROR_KEYS.has(k)).map(([k, v]) => [k, typeof v === 'string' ? redactSecrets(v) : v]));
}

/** JSON lines by default (for log shippers), pretty on a terminal. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>, destination: NodeJS.WritableStream = process.stderr): Pino & Logger {
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && Boolean((destination as { isTTY?: boolean }).isTTY));
  if (pretty) {
    return pino({ level: config.LOG_LEVEL, serializers: { err: safeErr }, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss' } } });
  }
  return pino({ level: config.LOG_LEVEL, serializers: { err: safeErr } }, destination);
}

/** One id per operation, carried on every log line and shown to users on errors. */
export const newRequestId = (): string => randomUUID().slice(0, 8);
