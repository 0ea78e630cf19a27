import { describeDbError, isConnectionLoss } from '../adapters/persistence/pg-errors.js';
import type { Logger } from '../core/ports/logger.port.js';

/**
 * Installed once by each composition root (the `plenary` command, the
 * benchmarks). A promise nobody awaited or an 'error' event nobody listens
 * to would otherwise end the process and print the error with everything
 * attached to it (a pg error carries its Client). Here each is logged as
 * one redacted line: a rejection is a bug to fix, not a reason to stop
 * serving; a lost database connection is transient (the pool reconnects);
 * any other uncaught exception leaves the process in an unknown state, so
 * it still exits, having logged safely.
 */
export function installProcessGuards(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ error: describeDbError(reason) }, 'unhandled promise rejection (a bug); the process keeps running');
  });
  process.on('uncaughtException', (error) => {
    if (isConnectionLoss(error)) {
      log.warn({ error: describeDbError(error) }, 'database connection lost outside any query; the process keeps running');
      return;
    }
    log.error({ error: describeDbError(error) }, 'uncaught exception; stopping');
    exit(1);
  });
}
