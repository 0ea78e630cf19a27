import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Logger } from '../core/ports/logger.port.js';
import { Metrics } from '../adapters/web/metrics.js';
import { createWebApp } from '../adapters/web/server.js';
import { TallyHub } from '../adapters/web/tally-hub.js';
import type { Config } from './config.js';
import type { Runtime } from './runtime.js';

/**
 * The secret that signs personal links: PLENARY_WEB_SECRET, or one generated
 * once into the data directory (mode 0600). Processes on other machines that
 * hand out links (bots) and serve pages (web) must share it: set the variable.
 */
export function loadWebSecret(config: Config): Buffer {
  if (config.PLENARY_WEB_SECRET) return Buffer.from(config.PLENARY_WEB_SECRET, 'utf8');
  const file = join(config.PLENARY_DATA_DIR, 'web-secret');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch {
    mkdirSync(config.PLENARY_DATA_DIR, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process wrote it first: use theirs.
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
}

export interface WebServer {
  readonly address: string;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

/** Serves the web view over the runtime's store on PLENARY_WEB_HOST:PLENARY_WEB_PORT. */
export async function startWeb(rt: Runtime, log: Logger, metrics = new Metrics()): Promise<WebServer> {
  const config = rt.config;
  const hub = new TallyHub(rt.core.store.read, 1000, (e) => log.warn({ err: e }, 'live tally read failed'));
  metrics.gauge('plenary_web_sse_connections', 'Open live-tally connections', () => Promise.resolve([{ value: hub.connections }]));
  const app = createWebApp({
    reads: rt.core.store.read,
    secret: loadWebSecret(config),
    now: () => rt.core.clock.now(),
    log,
    hub,
    metrics,
    clientIp: (c) => getConnInfo(c).remote.address ?? 'unknown',
    secureCookies: config.PLENARY_WEB_URL?.startsWith('https://') ?? false,
  });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.PLENARY_WEB_HOST, port: config.PLENARY_WEB_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address();
  const address = typeof addr === 'object' && addr ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : String(addr);
  log.info({ address, publicUrl: config.PLENARY_WEB_URL }, 'web view listening');
  return {
    address,
    metrics,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
