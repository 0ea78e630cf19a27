import { expect } from 'vitest';
import { PrismaStore } from '../../src/adapters/persistence/prisma-store.js';
import { FederationKeyFile, federationKeyPath } from '../../src/adapters/federation/key-file.js';
import { fileIdentity } from '../../src/adapters/federation/identity.js';
import { type EventBody, type EventType } from '../../src/core/federation-protocol/index.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import type { DeploymentWorld, Deployment } from './deployment-processes.js';
import { inReplyTo, MatrixTestUser } from './matrix-test-user.js';
import { testDatabase, urlFor, type TestDatabase } from './test-database.js';

/**
 * What the threat suite (test/e2e/federation/threats.e2e.test.ts) needs
 * around the two-process harness: deployments on PostgreSQL databases the
 * test reads too (inbox verdicts, proposal counts), the sending deployment's
 * own key from its data directory (to sign what a lying peer would send),
 * and the raw Matrix client of its federation account (to post what a
 * homeserver could).
 */
export interface Watched {
  readonly d: Deployment;
  readonly db: TestDatabase;
  readonly store: PrismaStore;
  readonly identity: DeploymentIdentity;
  /** Its federation account's own Matrix client: posts into link rooms as the bot, with whatever content. */
  readonly raw: MatrixTestUser;
}

export async function startOnPostgres(world: DeploymentWorld, label: string, url: string, env: Readonly<Record<string, string>> = {}): Promise<Watched> {
  const db = await testDatabase();
  const d = await world.start(label, url, { DATABASE_URL: urlFor(db.name), ...env });
  const identity = fileIdentity(new FederationKeyFile(federationKeyPath(d.dataDir, undefined)), d.federationBot.userId);
  return { d, db, store: new PrismaStore(db.prisma, { sql: db.sql }), identity, raw: new MatrixTestUser(d.url, d.federationBot) };
}

/** B's federation with its own local assembly (Hillside) and that assembly's delegate (bo) seated in the council. */
export async function federationAtB(world: DeploymentWorld, b: Deployment, name: string) {
  const bea = await world.person(b, 'bea');
  const bo = await world.person(b, 'bo');
  const council = await world.room(b, bea);
  await world.say(b, bea, council, `!federation create "${name}" --purpose "Shared buses"`);
  const hillside = await world.room(b, bo);
  await world.say(b, bo, hillside, '!assembly setup Hillside');
  const code = /Code: (\S+)/.exec(await world.say(b, bea, council, '!federation invite'))?.[1];
  await world.say(b, bo, hillside, `!federation join ${String(code)}`);
  await world.say(b, bo, hillside, '!vote 1 yes');
  await bo.waitFor(hillside, (e) => e.sender === b.bot.userId && String(e.content.body).includes(`joined ${name}`), 'Hillside joining', 90_000);
  expect(await world.say(b, bo, hillside, `!nominate "${name}"`)).toContain('nominated');
  expect(await world.say(b, bo, hillside, `!election call "${name}"`)).toContain('#2');
  expect(await privately(b, bo, '!vote "Hillside#2" 1')).toContain('recorded');
  await bo.acceptInvitesFrom(b.bot.userId, 60_000).catch(() => bo.join(council));
  return { bea, bo, council };
}

const dms = new Map<string, string>();
/** A command in the member's direct room with the deployment's bot (secret ballots go there). */
export async function privately(d: Deployment, who: MatrixTestUser, line: string): Promise<string> {
  const key = `${d.label} ${who.id}`;
  let dm = dms.get(key);
  if (!dm) {
    dm = await who.createRoom({ invite: [d.bot.userId], isDirect: true });
    await who.waitFor(dm, (e) => e.type === 'm.room.member' && e.state_key === d.bot.userId && e.content.membership === 'join', 'the bot joining the DM', 90_000);
    dms.set(key, dm);
  }
  const asked = await who.say(dm, line);
  const reply = await who.waitFor(dm, (e) => e.sender === d.bot.userId && inReplyTo(e) === asked, `the reply to ${line}`, 90_000);
  return typeof reply.content.body === 'string' ? reply.content.body : '';
}

export async function until<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs: number, logs: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await Promise.resolve().then(probe).catch(() => null);
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`waited ${String(timeoutMs)} ms in vain for ${what}\n${logs()}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * A signed event from `from` into a link room, as a lying deployment sends
 * it: queued in its own outbox (the test holds its database), so it takes the
 * next seq of its lane there and its carrier signs and sends it. Posting it
 * beside the carrier would race the deployment's own sends (its heartbeats
 * after a quiet room) for the same seq. `_skip` is kept for the callers' count.
 * Returns the idempotency key.
 */
export async function sendSigned<T extends EventType>(from: Watched, roomId: string, type: T, body: EventBody<T>, _skip: number, tag: string): Promise<string> {
  const key = `threat/${tag}/${String(Date.now())}`;
  await from.store.peerOutbox.enqueue([{ roomId, type, body, idempotencyKey: key }], new Date());
  return key;
}

/** The receiver's verdict on an event it keeps (null until it has one). */
export async function verdict(at: Watched, key: string): Promise<{ status: string; note: string | null } | null> {
  const e = await at.store.links.inboxEntry(key);
  return e && e.status !== 'pending' ? { status: e.status, note: e.note } : null;
}

/** The refusals a deployment logged (verification fails before the inbox: nothing is kept). */
export const refusals = (w: Watched): Record<string, unknown>[] => w.d.process.logs.filter((l) => l.msg === 'federation: event refused');
