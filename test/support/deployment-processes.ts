import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerWithSharedSecret } from './matrix-synapse-accounts.js';
import { inReplyTo, MatrixTestUser, type MatrixAccount, type SeenEvent } from './matrix-test-user.js';
import { spawnPlenary, type PlenaryProcess } from './plenary-process.js';

/**
 * Independent Plenary deployments for the cross-deployment suite (issue 19):
 * each is its own `plenary start` process with its own data directory (so its
 * own embedded database), its own bot account on its own homeserver, and its
 * own members there. Nothing is shared but Matrix federation between the two
 * homeservers (../shared/peers/README.md, "Two homeservers that federate").
 */
export interface Deployment {
  readonly label: string;
  readonly url: string;
  readonly bot: MatrixAccount;
  /** The deployment's federation account: carries its signed org.plenary.* events in link rooms. */
  readonly federationBot: MatrixAccount;
  readonly dataDir: string;
  process: PlenaryProcess;
  readonly env: Readonly<Record<string, string>>;
}

const syncing = (l: Record<string, unknown>): boolean => l.msg === 'Matrix bot is syncing';
const carrying = (l: Record<string, unknown>): boolean => l.msg === 'federation carrier is running';

export class DeploymentWorld {
  readonly deployments: Deployment[] = [];
  private readonly suffix = randomBytes(3).toString('hex');

  private constructor(
    readonly secret: string,
    private readonly dir: string,
  ) {}

  static async create(secret: string): Promise<DeploymentWorld> {
    return new DeploymentWorld(secret, await mkdtemp(join(tmpdir(), 'plenary-deployments-')));
  }

  /** Starts a deployment on the homeserver at `url` and waits until its bot syncs. */
  async start(label: string, url: string, extraEnv: Readonly<Record<string, string>> = {}): Promise<Deployment> {
    const bot = await registerWithSharedSecret(url, this.secret, `plenary${label}${this.suffix}`);
    const federationBot = await registerWithSharedSecret(url, this.secret, `plenaryfed${label}${this.suffix}`);
    const dataDir = join(this.dir, label);
    const env = {
      MATRIX_HOMESERVER_URL: url,
      MATRIX_ACCESS_TOKEN: bot.accessToken,
      MATRIX_USER_ID: bot.userId,
      MATRIX_E2EE: 'off',
      PLENARY_FEDERATION_MATRIX_ACCESS_TOKEN: federationBot.accessToken,
      PLENARY_FEDERATION_MATRIX_USER_ID: federationBot.userId,
      PLENARY_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...extraEnv,
    };
    const process = spawnPlenary(['start'], env, this.dir);
    const d: Deployment = { label, url, bot, federationBot, dataDir, process, env };
    this.deployments.push(d);
    await process.waitForLog(syncing, `deployment ${label} syncing`, 120_000);
    await process.waitForLog(carrying, `deployment ${label}'s federation carrier`, 90_000);
    return d;
  }

  /** Stops a deployment's process (SIGTERM, as a service manager would) and waits for it to exit. */
  async stop(d: Deployment): Promise<void> {
    if (d.process.child.exitCode !== null) return;
    d.process.child.kill('SIGTERM');
    await d.process.exited;
  }

  /** Starts the same deployment again: same account, same data directory. */
  async restart(d: Deployment): Promise<void> {
    await this.stop(d);
    d.process = spawnPlenary(['start'], d.env, this.dir);
    await d.process.waitForLog(syncing, `deployment ${d.label} syncing again`, 120_000);
    await d.process.waitForLog(carrying, `deployment ${d.label}'s federation carrier again`, 90_000);
  }

  /** A person with an account on that deployment's homeserver. */
  async person(d: Deployment, name: string): Promise<MatrixTestUser> {
    return new MatrixTestUser(d.url, await registerWithSharedSecret(d.url, this.secret, `${name}${this.suffix}`));
  }

  /**
   * A room served by `d`'s bot with `founder` as its creator: the bot is
   * invited and joins; others are invited and join; returns the room id.
   */
  async room(d: Deployment, founder: MatrixTestUser, others: readonly MatrixTestUser[] = []): Promise<string> {
    const roomId = await founder.createRoom({ invite: [d.bot.userId, ...others.map((o) => o.id)] });
    await founder.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === d.bot.userId && e.content.membership === 'join', `${d.label}'s bot joining`, 90_000);
    // As an organiser would: the bot may invite and set power levels (delegates' seats, room access).
    await founder.setPowerLevel(roomId, d.bot.userId, 100);
    for (const o of others) await o.join(roomId);
    return roomId;
  }

  /** Types a command and returns the text of the bot's reply. */
  async say(d: Deployment, who: MatrixTestUser, roomId: string, line: string, timeoutMs = 90_000): Promise<string> {
    const asked = await who.say(roomId, line);
    const reply = await who.waitFor(roomId, (e) => e.sender === d.bot.userId && inReplyTo(e) === asked, `${d.label}'s reply to ${line}`, timeoutMs);
    return textOf(reply);
  }

  async close(): Promise<void> {
    for (const d of this.deployments) if (d.process.child.exitCode === null) d.process.child.kill('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function textOf(e: SeenEvent): string {
  const body = e.content.body;
  return typeof body === 'string' ? body : JSON.stringify(e.content);
}
