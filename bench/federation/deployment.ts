import pg from 'pg';
import { openDatabase, type Database } from '../../src/adapters/persistence/database.js';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { HttpHomeserver } from '../../src/adapters/matrix/federation/client.js';
import { MatrixCarrier } from '../../src/adapters/matrix/federation/carrier.js';
import { memoryPosition } from '../../src/adapters/matrix/federation/sync.js';
import { dispatch } from '../../src/core/commands/dispatch.js';
import { parseCommandLine } from '../../src/core/commands/text-grammar.js';
import type { CommandSpec } from '../../src/core/commands/command.js';
import { ed25519Signer, ed25519Verifier, generateDeploymentKey, PeerReceiver, storeLanes } from '../../src/core/federation-protocol/index.js';
import { onLinkRoomOpened, relayReceiverHooks } from '../../src/core/federation/remote/index.js';
import { systemClock } from '../../src/core/ports/clock.port.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { createLogger } from '../../src/bots/logger.js';

/** Errors only (a run that fails says why); PLENARY_BENCH_LOG=info for more. */
const benchLog = createLogger({ LOG_LEVEL: (process.env.PLENARY_BENCH_LOG ?? 'error') as 'error', LOG_FORMAT: 'json' });
import { createPlenary } from '../../src/core/plenary.js';
import type { CoreDeps } from '../../src/core/services/deps.js';
import { FakeChat } from '../../src/core/testing/fake-chat.js';
import { drainRelay, type Sent } from '../../test/support/relay-drain.js';
import type { MatrixAccount } from '../../test/support/matrix-test-user.js';

const FAR = new Date('9999-12-31T00:00:00.000Z');

/**
 * One Plenary deployment of the benchmark: its own PostgreSQL database, its
 * own core, its own Matrix bot account and deployment key, and the real
 * Matrix carrier (src/adapters/matrix/federation) talking to a real
 * homeserver. The relay's queued steps run in this process (`pump`), through
 * the same core functions the job handlers call.
 */
export class BenchDeployment {
  readonly deps: CoreDeps;
  readonly table: readonly CommandSpec[];
  readonly carrier: MatrixCarrier;
  readonly sql: pg.Pool;
  private readonly sent: Sent[] = [];
  private pumping: Promise<void> | null = null;
  private stopped = false;
  /** Relay passes that failed (a deadlock lost to a concurrent step) and ran again. */
  failedSteps = 0;

  private constructor(
    readonly label: string,
    readonly identity: DeploymentIdentity,
    readonly database: string,
    private readonly db: Database,
    url: string,
    databaseUrl: string,
    bot: MatrixAccount,
  ) {
    const store = new PrismaStore(db.prisma, { sql: db.sql });
    const plenary = createPlenary({ store, clock: systemClock, log: benchLog.child({ deployment: label }), senders: new Map([['console', new FakeChat('console')]]), deployment: identity });
    this.deps = plenary.deps;
    this.table = plenary.table;
    this.sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    this.sql.on('error', () => undefined);
    const homeserver = new HttpHomeserver({ baseUrl: url, accessToken: bot.accessToken, userId: bot.userId, log: silentLogger });
    this.carrier = new MatrixCarrier({
      homeserver,
      outbox: store.peerOutbox,
      links: store.links,
      identity,
      receiverFor: (wrap) => new PeerReceiver(storeLanes(store), ed25519Verifier, wrap(relayReceiverHooks(this.deps)), {}),
      onLinkRoomOpened: async (request, roomId) => {
        await onLinkRoomOpened(this.deps, request, roomId);
      },
      position: memoryPosition(),
      log: benchLog.child({ deployment: label, component: 'carrier' }),
      pollMs: 300,
      syncTimeoutMs: 5000,
      // The benchmark's peers are its own: the quota is not what it measures.
      quota: { perSecond: 10_000, burst: 10_000 },
    });
  }

  static async open(label: string, adminUrl: string, url: string, bot: MatrixAccount): Promise<BenchDeployment> {
    const database = `plenary_fedbench_${label}_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
    } finally {
      await admin.end();
    }
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    const db = await openDatabase({ databaseUrl: u.toString(), dataDir: './data', log: silentLogger, migrateOnOpen: true, poolSize: 3 });
    const identity = { deployment: `dep_${label}`, botUserId: bot.userId, signer: ed25519Signer(generateDeploymentKey(`${label}-bench`)) };
    return new BenchDeployment(label, identity, database, db, url, u.toString(), bot);
  }

  /** Runs a command line as `user` in `room`; throws on a refusal; returns the reply text. */
  async run(user: string, room: string, line: string): Promise<string> {
    const parsed = parseCommandLine(this.table, line);
    if (!parsed.ok) throw new Error(`${line}: ${parsed.error.message}`);
    const r = await dispatch({ deps: this.deps, actor: { platform: 'console', externalId: user, displayName: user }, room: { platform: 'console', roomId: room }, requestId: 'bench', roomAdmin: true }, parsed.value.spec, parsed.value.args);
    const text = r.replies.map((m) => [m.title, m.body ?? ''].join('\n')).join('\n');
    if (r.replies.some((m) => m.tone === 'error')) throw new Error(`${this.label} ${line}: ${text}`);
    return text;
  }

  start(): void {
    this.carrier.start();
    const loop = async (): Promise<void> => {
      while (!this.stopped) {
        // A relay step that loses a deadlock is retried by the next pass, as the job queue retries a failed job.
        await this.pump().catch((e: unknown) => {
          this.failedSteps++;
          if (!String(e).includes('40P01')) benchLog.error({ err: e, deployment: this.label }, 'relay step failed; retried');
        });
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    void loop();
  }

  /** Runs every due relay step, then sends what they queued for the peers. */
  pump(): Promise<void> {
    this.pumping ??= (async () => {
      try {
        const steps = await drainRelay(this.deps, this.sent, undefined, FAR);
        if (steps > 0) await this.carrier.drain();
        this.sent.length = 0;
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  async count(sql: string, ...params: unknown[]): Promise<number> {
    const r = await this.sql.query<{ n: string }>(sql, params);
    return Number(r.rows[0]?.n ?? 0);
  }

  async close(adminUrl: string, keep: boolean): Promise<void> {
    this.stopped = true;
    await this.carrier.stop();
    await this.pumping;
    await this.sql.end();
    await this.db.close();
    if (keep) return;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`).finally(() => admin.end());
  }
}
