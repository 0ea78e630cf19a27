import { expect } from 'vitest';
import { MatrixCarrier } from '../../src/adapters/matrix/federation/carrier.js';
import { memoryPosition } from '../../src/adapters/matrix/federation/sync.js';
import { ed25519Signer, ed25519Verifier, generateDeploymentKey, PeerReceiver, storeLanes } from '../../src/core/federation-protocol/index.js';
import { federationModule } from '../../src/core/federation/index.js';
import { announceDirectory, onLinkRoomOpened, relayReceiverHooks } from '../../src/core/federation/remote/index.js';
import type { DeploymentIdentity } from '../../src/core/ports/federation-link.port.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { relayModule } from '../../src/core/relay/index.js';
import { FakeStore } from '../../src/core/testing/fake-store.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import type { MatrixWorld } from './federation-homeserver-double.js';
import { until } from './federation-carrier-fixture.js';
import { drainRelay, type Sent } from './relay-drain.js';
import { buildTree } from './relay-fixture.js';
import { ROLLUP_BUCKET_MS } from '../../src/core/relay/outbox.js';

const FAR = new Date('9999-12-31T00:00:00.000Z');

/** One deployment with the whole relay, its Matrix carrier over the in-memory world (`announce`: with announce rooms). */
export function relayDeployment(world: MatrixWorld, id: string, announce: boolean, firstId: number) {
  const f = federationModule();
  const r = relayModule();
  const store = new FakeStore({ firstId });
  const me: DeploymentIdentity = { deployment: id, botUserId: `@fed:${id}.world`, signer: ed25519Signer(generateDeploymentKey(`${id}-2026`)) };
  const s = new Scenario({ store, extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers, deployment: me });
  const carrier = new MatrixCarrier({
    homeserver: world.account(me.botUserId),
    outbox: store.peerOutbox,
    links: store.links,
    identity: me,
    receiverFor: (wrap) => new PeerReceiver(storeLanes(store), ed25519Verifier, wrap(relayReceiverHooks(s.deps)), {}),
    onLinkRoomOpened: async (request, roomId) => {
      await onLinkRoomOpened(s.deps, request, roomId);
    },
    position: memoryPosition(),
    log: silentLogger,
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
export async function rootWithChildren(world: MatrixWorld, n: number, announce: (who: 'root' | number) => boolean) {
  const root = relayDeployment(world, 'dep_root', announce('root'), 1);
  const t = await buildTree(root.store, { fanout: 1, depth: 1, membersPerLocal: 1 });
  const children = Array.from({ length: n }, (_, i) => relayDeployment(world, `dep_c${String(i + 1)}`, announce(i), 100_000 * (i + 1)));
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
  });
  return { root, children, all, t, council: t.root, stop: () => Promise.all(all.map((d) => d.carrier.stop())) };
}
