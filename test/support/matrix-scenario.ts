import { ballotEntries } from '../../src/core/events/ballot-record.js';
import { randomBytes } from 'node:crypto';
import { MatrixBotHarness, type HarnessOptions } from './matrix-bot-harness.js';
import { MatrixTestUser, type MatrixAccount, type SeenEvent } from './matrix-test-user.js';

/** A homeserver to test against: the loopback double or a real Synapse. */
export interface MatrixWorld {
  readonly url: string;
  register(localpart: string): Promise<MatrixAccount>;
  /**
   * The bot as an application service: every scenario's bot is the
   * registration's sender, taking transactions on `port` (one bot at a time).
   */
  readonly appservice?: { readonly bot: MatrixAccount; readonly hsToken: string; readonly port: number };
}

export interface AssemblyRoom {
  readonly h: MatrixBotHarness;
  readonly bot: string;
  readonly roomId: string;
  /** The first is the facilitator who created the room and set up the assembly. */
  readonly people: readonly MatrixTestUser[];
}

const suffix = (): string => randomBytes(3).toString('hex');

export async function person(world: MatrixWorld, name: string): Promise<MatrixTestUser> {
  return new MatrixTestUser(world.url, await world.register(`${name}-${suffix()}`));
}

export async function startBot(world: MatrixWorld, o: Partial<Omit<HarnessOptions, 'homeserverUrl' | 'bot'>> = {}): Promise<MatrixBotHarness> {
  if (world.appservice) return MatrixBotHarness.start({ homeserverUrl: world.url, bot: world.appservice.bot, appservice: { hsToken: world.appservice.hsToken, port: world.appservice.port }, ...o });
  return MatrixBotHarness.start({ homeserverUrl: world.url, bot: await world.register(`plenary-${suffix()}`), ...o });
}

export const isPollStart = (e: SeenEvent): boolean => e.type === 'org.matrix.msc3381.poll.start';
export const isPollEnd = (e: SeenEvent): boolean => e.type === 'org.matrix.msc3381.poll.end';

/** A room the facilitator created and invited the bot to; resolves once the bot has joined. */
export async function roomWithBot(h: MatrixBotHarness, owner: MatrixTestUser, o: { botLevel?: number; name?: string } = {}): Promise<string> {
  const roomId = await owner.createRoom({ name: o.name ?? 'Town square' });
  await owner.invite(roomId, h.userId);
  await owner.waitFor(roomId, (e) => e.type === 'm.room.member' && e.state_key === h.userId && e.content.membership === 'join', 'the bot joining');
  if (o.botLevel !== undefined) await owner.setPowerLevel(roomId, h.userId, o.botLevel);
  return roomId;
}

/**
 * The usual start of a scenario: a room, the bot in it with power level 100,
 * `!assembly setup`, and every other person invited, joined and a member.
 */
export async function assemblyRoom(world: MatrixWorld, names: readonly string[], o: { assembly?: string; harness?: Partial<Omit<HarnessOptions, 'homeserverUrl' | 'bot'>> } = {}): Promise<AssemblyRoom & { assembly: string }> {
  const h = await startBot(world, o.harness);
  const people = await Promise.all(names.map((n) => person(world, n)));
  const [owner, ...rest] = people;
  if (!owner) throw new Error('a scenario needs at least one person');
  const roomId = await roomWithBot(h, owner, { botLevel: 100 });
  const assembly = o.assembly ?? `Riverside ${suffix()}`;
  const setup = await owner.command(roomId, `!assembly setup "${assembly}"`, h.userId);
  if (!String(setup.content.body).includes('is now an assembly')) throw new Error(`setup failed: ${String(setup.content.body)}`);
  for (const p of rest) {
    await owner.invite(roomId, p.id);
    await p.join(roomId);
    const joined = await p.command(roomId, '!join', h.userId);
    if (!String(joined.content.body).includes('Welcome')) throw new Error(`join failed: ${String(joined.content.body)}`);
  }
  return { h, bot: h.userId, roomId, people, assembly };
}

/** Moves a motion and returns its poll start event (waiting for it). */
export async function proposeWithPoll(a: AssemblyRoom, line: string): Promise<SeenEvent> {
  const [owner] = a.people;
  const before = new Set((await owner!.events(a.roomId)).filter(isPollStart).map((e) => e.event_id));
  const reply = await owner!.command(a.roomId, line, a.bot);
  if (!String(reply.content.body).includes('moved')) throw new Error(`propose failed: ${String(reply.content.body)}`);
  return owner!.waitFor(a.roomId, (e) => isPollStart(e) && !before.has(e.event_id), 'the poll');
}

/** Waits until the core has counted `n` ballot events (cast or changed) in the FakeStore's record. */
export async function ballotEvents(h: MatrixBotHarness, n: number, timeoutMs = 10_000): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = [];
    for (const id of await h.store.read.assemblyIds()) all.push(...(await h.store.read.events(id)));
    const ballots = ballotEntries(all).map(({ type, ...payload }) => ({ type, payload }));
    if (ballots.length >= n) return ballots;
    if (Date.now() > deadline) throw new Error(`expected ${String(n)} ballot events, saw ${String(ballots.length)}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}
