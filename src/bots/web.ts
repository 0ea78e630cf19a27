import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Logger } from '../core/ports/logger.port.js';
import { Metrics } from '../adapters/web/metrics.js';
import { createWebApp } from '../adapters/web/server.js';
import { TallyHub } from '../adapters/web/tally-hub.js';
import { openBullBoard } from '../adapters/queue/bull-board.js';
import type { AdminDeps, QueueDashboard } from '../adapters/web/admin.js';
import type { JobQueue } from '../jobs/job-queue.port.js';
import { ALL_LANES } from '../jobs/lanes.js';
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

/** The in-process queue of this process and the lanes its workers run (`plenary start` without REDIS_URL). */
export interface LocalQueue {
  readonly queue: JobQueue;
  readonly lanes: readonly string[];
}

/**
 * `/admin`, by configuration: not served without PLENARY_ADMIN_TOKEN (said in
 * the log and by `doctor`); bull-board with REDIS_URL; otherwise the
 * in-process queue's lanes, or a page saying where the queue lives.
 */
export function adminFromConfig(config: Config, log: Pick<Logger, 'info'>, local: LocalQueue | undefined): { admin: AdminDeps; close(): Promise<void> } | null {
  if (!config.PLENARY_ADMIN_TOKEN) {
    log.info({ path: '/admin' }, 'the queue dashboard (/admin) is not served: set PLENARY_ADMIN_TOKEN to turn it on');
    return null;
  }
  const token = config.PLENARY_ADMIN_TOKEN;
  if (config.REDIS_URL) {
    const board = openBullBoard({ redisUrl: config.REDIS_URL, prefix: config.PLENARY_QUEUE_PREFIX, lanes: ALL_LANES.map((l) => l.name), basePath: '/admin' });
    log.info({ path: '/admin' }, 'queue dashboard (bull-board) at /admin, for PLENARY_ADMIN_TOKEN');
    return { admin: { token, dashboard: { kind: 'bull-board', app: board.app } }, close: () => board.close() };
  }
  log.info({ path: '/admin' }, 'queue overview (in-process queue) at /admin, for PLENARY_ADMIN_TOKEN');
  const dashboard: QueueDashboard = local
    ? { kind: 'in-process', lanes: () => Promise.all(local.lanes.map(async (lane) => ({ lane, ...(await local.queue.counts(lane)) }))) }
    : { kind: 'elsewhere' };
  return { admin: { token, dashboard }, close: () => Promise.resolve() };
}

/** Serves the web view over the runtime's store on PLENARY_WEB_HOST:PLENARY_WEB_PORT. */
export async function startWeb(rt: Runtime, log: Logger, metrics = new Metrics(), local?: LocalQueue): Promise<WebServer> {
  const config = rt.config;
  const admin = adminFromConfig(config, log, local);
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
    ...(admin ? { admin: admin.admin } : {}),
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.PLENARY_WEB_HOST, port: config.PLENARY_WEB_PORT }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (e: unknown) => {
    await admin?.close();
    throw e;
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
        server.close(() => void (admin ? admin.close().then(resolve, resolve) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
