import { expect } from 'vitest';
import { MatrixCarrier } from '../../src/adapters/matrix/federation/carrier.js';
import { memoryPosition } from '../../src/adapters/matrix/federation/sync.js';
import { ed25519Signer, ed25519Verifier, generateDeploymentKey, PeerReceiver, storeLanes } from '../../src/core/federation-protocol/index.js';
import { federationModule } from '../../src/core/federation/index.js';
import { announceDirectory, onLinkRoomOpened, relayReceiverHooks } from '../../src/core/federation/remote/index.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import { silentLogger, type Logger } from '../../src/core/ports/logger.port.js';
import { relayModule } from '../../src/core/relay/index.js';
import { FakeStore } from '../../src/core/testing/fake-store.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import type { FederationHomeserver } from '../../src/adapters/matrix/federation/client.js';
import type { MatrixWorld } from './federation-homeserver-double.js';
import { until } from './federation-carrier-fixture.js';
import { drainRelay, type Sent } from './relay-drain.js';
import { buildTree } from './relay-fixture.js';
import { ROLLUP_BUCKET_MS } from '../../src/core/relay/outbox.js';

const FAR = new Date('9999-12-31T00:00:00.000Z');

const say = (side: string, level: string) => (obj: object, msg?: string) => {
  console.log(side, level, msg, JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v)).slice(0, 400));
};
/** With PLENARY_E2E_FED_DEBUG set: every carrier's log on the console. */
const debugLog = (side: string): Logger => ({ debug: () => undefined, info: say(side, 'info'), warn: say(side, 'warn'), error: say(side, 'error'), child: () => debugLog(side) });

/** One deployment with the whole relay, its Matrix carrier over `homeserver` (the in-memory world's or a real one; `announce`: with announce rooms). */
export function relayDeployment(homeserver: FederationHomeserver, id: string, announce: boolean, firstId: number) {
  const f = federationModule();
  const r = relayModule();
  const store = new FakeStore({ firstId });
  const me: DeploymentIdentity = { deployment: id, botUserId: homeserver.userId, signer: ed25519Signer(generateDeploymentKey(`${id}-2026`)) };
  const s = new Scenario({ store, extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers, deployment: me });
  const carrier = new MatrixCarrier({
    homeserver,
    outbox: store.peerOutbox,
    links: store.links,
    identity: me,
    receiverFor: (wrap) => new PeerReceiver(storeLanes(store), ed25519Verifier, wrap(relayReceiverHooks(s.deps)), {}),
    onLinkRoomOpened: async (request, roomId) => {
      await onLinkRoomOpened(s.deps, request, roomId);
    },
    position: memoryPosition(),
    log: process.env.PLENARY_E2E_FED_DEBUG ? debugLog(id) : silentLogger,
    pollMs: 50,
    now: () => s.clock.now(),
    syncTimeoutMs: 200,
    ...(announce ? { announce: announceDirectory(store) } : {}),
  });
  const sent: Sent[] = [];
  // The clock moves a rollup bucket after a drain that did something (not on every poll: invitations would expire while waiting).
  const drain = async () => {
    if ((await drainRelay(s.deps, sent, undefined, FAR)) > 0) s.clock.advance(ROLLUP_BUCKET_MS);
  };
  return { id, s, store, me, carrier, sent, drain };
}

export type RelayDeployment = ReturnType<typeof relayDeployment>;

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/** Waits for `probe`, running every deployment's relay jobs meanwhile (the carriers run on their own timers). */
export async function settleUntil(all: readonly RelayDeployment[], what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  await until(
    what,
    async () => {
      for (const d of all) await d.drain();
      return (await probe()) || null;
    },
    timeoutMs,
  );
}

/**
 * A root deployment hosting the federation Transit (its council) and `n`
 * child deployments with one local assembly each, joined by remote
 * invitation over the in-memory Matrix, carriers running (`announce`: which
 * of them keep announce rooms; a child that does not leaves the room).
 */
export async function rootWithChildren(world: MatrixWorld | ((id: string) => Promise<FederationHomeserver>), n: number, announce: (who: 'root' | number) => boolean, timeoutMs = 30_000) {
  const account = (id: string) => (typeof world === 'function' ? world(id) : Promise.resolve(world.account(`@fed:${id}.world`)));
  const root = relayDeployment(await account('dep_root'), 'dep_root', announce('root'), 1);
  const t = await buildTree(root.store, { fanout: 1, depth: 1, membersPerLocal: 1 });
  const children: RelayDeployment[] = [];
  for (let i = 0; i < n; i++) children.push(relayDeployment(await account(`dep_c${String(i + 1)}`), `dep_c${String(i + 1)}`, announce(i), 100_000 * (i + 1)));
  const all = [root, ...children];
  for (const d of all) d.carrier.start();
  for (const c of children) {
    const line = /PLENARY1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await ok(root.s.run('founder', t.room(t.root), 'federation invite --remote')))?.[0];
    expect(line).toBeDefined();
    await ok(c.s.run('m1', '#home', `assembly setup "Home ${c.id}"`));
    await ok(c.s.run('m1', '#home', `federation join ${line!}`));
    await ok(c.s.run('m1', '#home', 'vote 1 yes'));
  }
  await settleUntil(all, 'every child joined', async () => {
    for (const c of children) if (!(await c.s.deps.store.read.assemblyByName('Transit Council @ dep_root'))) return false;
    return true;
  }, timeoutMs);
  return { root, children, all, t, council: t.root, stop: () => Promise.all(all.map((d) => d.carrier.stop())) };
}

/** A proposal at the root every child's local accepts (rule: all of them), adopted at the root and told to each child. */
export async function adoptEverywhere(d: Awaited<ReturnType<typeof rootWithChildren>>, timeoutMs = 30_000): Promise<void> {
  const { root, children, all, t, council } = d;
  await ok(root.s.run('Transit Council-m1', t.room(council), `proposal draft "Bike lanes" --text "Paint bike lanes." --rule ${String(children.length)}`));
  await ok(root.s.run('Transit Council-m1', t.room(council), 'vote 1 yes'));
  await settleUntil(all, 'the referral at every child', async () => {
    for (const c of children) if (!(await c.s.deps.store.read.relay.proposalByNumber(1))) return false;
    return true;
  }, timeoutMs);
  for (const c of children) await ok(c.s.run('m1', '#home', 'vote 2 yes'));
  await settleUntil(all, 'the adoption at every child', async () => {
    for (const c of children) if ((await c.s.deps.store.read.relay.proposalByNumber(1))?.status !== 'adopted') return false;
    return true;
  }, timeoutMs);
  expect((await root.s.deps.store.read.relay.proposalByNumber(1))?.status).toBe('adopted');
}
