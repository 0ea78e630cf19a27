import { randomUUID } from 'node:crypto';
import { pino, type Logger as Pino } from 'pino';
import type { Logger } from '../core/ports/logger.port.js';
import type { Config } from './config.js';

/** JSON lines by default (for log shippers), pretty on a terminal. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>, destination: NodeJS.WritableStream = process.stderr): Pino & Logger {
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && Boolean((destination as { isTTY?: boolean }).isTTY));
  if (pretty) {
    return pino({ level: config.LOG_LEVEL, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss' } } });
  }
  return pino({ level: config.LOG_LEVEL }, destination);
}

/** One id per operation, carried on every log line and shown to users on errors. */
export const newRequestId = (): string => randomUUID().slice(0, 8);
