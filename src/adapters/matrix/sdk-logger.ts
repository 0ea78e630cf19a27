import type { ICreateClientOpts } from 'matrix-js-sdk';
import { logger as sdkGlobalLogger } from 'matrix-js-sdk/lib/logger.js';
import type { Logger } from '../../core/ports/logger.port.js';

type SdkLogger = NonNullable<ICreateClientOpts['logger']>;
type Level = 'debug' | 'warn';

const text = (msg: readonly unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');

/**
 * matrix-js-sdk's logging, into ours: its request lines (`FetchHttpApi: --> GET …`) and chatter
 * at debug, its errors at warn (a failure that matters reaches us as a thrown error anyway).
 * Given to every client the adapter creates.
 */
export function sdkLogger(log: Logger): SdkLogger {
  const make = (l: Logger): SdkLogger => ({
    trace: () => undefined,
    debug: (...msg: unknown[]) => l.debug({ sdk: true }, text(msg)),
    info: (...msg: unknown[]) => l.debug({ sdk: true }, text(msg)),
    warn: (...msg: unknown[]) => l.debug({ sdk: true }, text(msg)),
    error: (...msg: unknown[]) => l.warn({ sdk: true }, text(msg)),
    getChild: (ns: string) => make(l.child({ sdk: ns })),
  });
  return make(log);
}

/**
 * The SDK's own module-level logger (loglevel, printing to the console, so to standard output
 * between our JSON lines), which the modules that take no client options still use: routed the
 * same way. Process-wide, like the SDK's logger itself; the composition root calls it once.
 */
export function routeSdkGlobalLogging(log: Logger): void {
  const level = (name: string): Level => (name === 'error' ? 'warn' : 'debug');
  // The SDK types its logger by the interface it logs through; underneath it is a loglevel logger.
  // Deprecated for use as a logger; here it is the one place its output can be routed from.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const root = sdkGlobalLogger as unknown as { methodFactory: (name: string) => (...msg: unknown[]) => void; rebuild(): void };
  root.methodFactory = (name: string) =>
    (...msg: unknown[]) => {
      log[level(name)]({ sdk: true }, text(msg));
    };
  root.rebuild();
}
