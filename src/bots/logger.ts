import { randomUUID } from 'node:crypto';
import { pino, type Logger as Pino, type LoggerOptions } from 'pino';
import type { Logger } from '../core/ports/logger.port.js';
import { REDACTED, redactError, redactText, redactValue, SECRET_KEYS, secretsOf } from '../core/shared/redact.js';
import type { Config } from './config.js';

/** What the logger needs from the configuration: its level and format, and the secrets it must never print. */
export type LoggerConfig = Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'> & Partial<Pick<Config, 'DISCORD_TOKEN' | 'MATRIX_ACCESS_TOKEN' | 'MATRIX_PASSWORD' | 'DATABASE_URL' | 'REDIS_URL'>>;

/**
 * Redaction is configuration, not discipline: a field named like a secret
 * (`token`, `password`, `authorization`, … at any of the first levels) is
 * censored by pino itself; every other string, the message and errors
 * (message, stack, cause) pass through the shared redactor, which replaces
 * the configured secrets' values and anything shaped like a credential
 * (URL passwords, bearer and bot tokens, Matrix access tokens).
 */
export function loggerOptions(config: LoggerConfig): LoggerOptions {
  const known = secretsOf(config);
  const paths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);
  return {
    level: config.LOG_LEVEL,
    redact: { paths, censor: REDACTED },
    serializers: { err: (e: unknown) => (e instanceof Error ? redactError(e, known) : redactValue(e, known)) },
    formatters: { log: (obj) => redactValue(obj, known) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a, known) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/** JSON lines by default (for log shippers), pretty on a terminal. */
export function createLogger(config: LoggerConfig, destination: NodeJS.WritableStream = process.stderr): Pino & Logger {
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && Boolean((destination as { isTTY?: boolean }).isTTY));
  const options = loggerOptions(config);
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss' } } });
  }
  return pino(options, destination);
}

/** One id per operation, carried on every log line and shown to users on errors. */
export const newRequestId = (): string => randomUUID().slice(0, 8);
