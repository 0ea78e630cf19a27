import { federationModule } from '../../src/core/federation/index.js';
import type { Assembly, Motion } from '../../src/core/model/entities.js';
import { relayModule } from '../../src/core/relay/index.js';
import { Scenario } from '../../src/core/testing/scenario.js';
import { closeDueMotions } from '../../src/core/services/closing.service.js';
import { silentLogger } from '../../src/core/ports/logger.port.js';
import { webLinks } from '../../src/adapters/web/links.js';
import { Metrics } from '../../src/adapters/web/metrics.js';
import { createWebApp } from '../../src/adapters/web/server.js';
import { TallyHub } from '../../src/adapters/web/tally-hub.js';
import { signToken } from '../../src/adapters/web/token.js';
import { buildTree, type Tree } from './relay-fixture.js';
import { drainRelay, type Sent } from './relay-drain.js';

export const WEB_SECRET = Buffer.from('0123456789abcdef0123456789abcdef');
/** FakeStore ids (`a000012`) and PostgreSQL's UUIDs alike. */
export const ANY_ID = /^[A-Za-z0-9-]{1,64}$/;
/** The secret ballot's voters: no page may ever name them. */
export const SECRET_VOTERS = ['cai-secret-voter', 'dee-secret-voter'] as const;

export interface WebWorld {
  readonly s: Scenario;
  readonly tree: Tree;
  readonly riverside: Assembly;
  readonly motions: { readonly open: Motion; readonly secret: Motion; readonly ranked: Motion };
  readonly room: string;
  readonly app: ReturnType<typeof createWebApp>;
  readonly hub: TallyHub;
  readonly metrics: Metrics;
  readonly sent: Sent[];
  /** A valid personal token for a user (by their chat id). */
  token(user: string, ttlMs?: number): Promise<string>;
}

async function must(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

/**
 * A world for the web view, built through the command table: Riverside (a
 * members-only local assembly) with an open motion whose title is hostile
 * markup, a secret ballot and a closed two-seat STV election; and a public
 * federation (a council over two assemblies of delegates over four local
 * assemblies) with a proposal relayed, partly decided.
 */
export async function webWorld(o: { pollMs?: number } = {}): Promise<WebWorld> {
  const f = federationModule();
  const r = relayModule();
  let s: Scenario | null = null;
  const now = (): Date => (s ? s.clock.now() : new Date());
  s = new Scenario({ extraCommands: [...f.commands, ...r.commands], extraKinds: [...f.kinds, ...r.kinds], observers: f.observers, web: webLinks({ baseUrl: 'http://web.test', secret: WEB_SECRET, now }) });
  const sc = s;
  const room = '#riverside';
  await must(sc.run('ana', room, 'assembly setup "Riverside Tenants"'));
  for (const k of ['flood-member-motions', 'flood-member-commands']) await must(sc.run('ana', room, `assembly policy ${k} 1000`));
  for (const m of ['ben', ...SECRET_VOTERS, 'eve']) await must(sc.run(m, room, 'join --accept-values'));
  await must(sc.run('ana', room, 'assembly policy early-close false'));
  await must(sc.run('ana', room, `motion propose "<script>alert('x')</script> Fix the fridge" --body "Weekly & <b>alphabetical</b>."`));
  await must(sc.run('ben', room, 'vote 1 yes'));
  await must(sc.run('ana', room, 'motion propose "Treasurer" --secret'));
  for (const v of SECRET_VOTERS) await must(sc.run(v, room, 'vote 2 no'));
  await must(sc.run('ana', room, 'motion propose "Committee" --method ranked --seats 2 --option Ana --option Ben --option Cai --hours 1'));
  await must(sc.run('ana', room, 'vote 3 1>2>3'));
  await must(sc.run('ben', room, 'vote 3 2>1'));
  await must(sc.run('eve', room, 'vote 3 3>1>2'));
  // The ranked motion closes at its deadline (the sweep), the open one stays open.
  sc.clock.advance(2 * 3600_000);
  await closeDueMotions(sc.deps);
  const riverside = await sc.deps.store.read.assemblyByName('Riverside Tenants');
  if (!riverside) throw new Error('no Riverside');
  const byNumber = async (n: number): Promise<Motion> => {
    const m = await sc.deps.store.read.motionByNumber(riverside.id, n);
    if (!m) throw new Error(`no motion ${n}`);
    return m;
  };

  const sent: Sent[] = [];
  const tree = await buildTree(sc.deps.store, { fanout: 2, depth: 2, membersPerLocal: 3 });
  await sc.deps.store.transaction(async (tx) => {
    for (const a of tree.levels.flat()) await tx.updatePolicy(a.id, { ...a.policy, webVisibility: a.name === 'Transit.2.2' ? 'off' : 'public' });
  });
  const council = tree.root;
  await must(sc.run('Transit Council-m1', tree.room(council), 'proposal draft "Bike lanes" --text "Paint bike lanes on every main road." --rule 50% --deadline 30'));
  for (const m of tree.members(council)) await must(sc.run(m, tree.room(council), 'vote 1 yes'));
  await drainRelay(sc.deps, sent, sc.clock);
  for (const m of tree.members({ name: 'Transit.1' })) await must(sc.run(m, 'room-Transit.1', 'vote 1 yes'));
  await drainRelay(sc.deps, sent, sc.clock);
  for (const m of tree.members({ name: 'Transit.1.1' })) await must(sc.run(m, 'room-Transit.1.1', 'vote 1 yes'));
  await drainRelay(sc.deps, sent, sc.clock);

  const metrics = new Metrics();
  const hub = new TallyHub(sc.deps.store.read, o.pollMs ?? 20);
  const app = createWebApp({ reads: sc.deps.store.read, secret: WEB_SECRET, now, log: silentLogger, hub, metrics, idPattern: ANY_ID, perMinute: 100_000 });
  return {
    s: sc,
    tree,
    riverside,
    motions: { open: await byNumber(1), secret: await byNumber(2), ranked: await byNumber(3) },
    room,
    app,
    hub,
    metrics,
    sent,
    async token(user: string, ttlMs = 3600_000) {
      const p = await sc.deps.store.read.personByAccount('console', user);
      if (!p) throw new Error(`no person ${user}`);
      return signToken(WEB_SECRET, { personId: p.id, expiresAt: new Date(now().getTime() + ttlMs) });
    },
  };
}
