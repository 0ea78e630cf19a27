import { describe, expect, it } from 'vitest';
import { beat } from '../../../src/adapters/matrix/federation/heartbeat.js';
import { ed25519Signer, generateDeploymentKey } from '../../../src/core/federation-protocol/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';

const T0 = new Date('2026-12-07T12:00:00.000Z');
const DAY = 24 * 3600_000;
const ROOM = '!link:a.example';

describe('the heartbeat job', () => {
  it('GIVEN a link room where the peer’s seqs 1..3 were applied THEN one heartbeat per period says 3, and a peer silent past the dormancy time turns dormant', async () => {
    const store = new FakeStore();
    const identity = { deployment: 'dep_me', botUserId: '@me:a.example', signer: ed25519Signer(generateDeploymentKey('me')) };
    await store.peerOutbox.enqueue([{ roomId: ROOM, type: 'org.plenary.heartbeat', body: { heads: [], last_seq_received: 0 }, idempotencyKey: 'first' }], T0);
    for (let seq = 1; seq <= 3; seq++) {
      await store.links.receiveInbound({ idempotencyKey: `p${String(seq)}`, roomId: ROOM, sender: 'dep_peer', seq, eventType: 'org.plenary.heartbeat', content: {} }, T0);
      await store.links.settleInbound(ROOM, 'dep_peer', seq, 'applied', null, T0);
    }
    await store.links.upsertPeer({ deployment: 'dep_peer', botUserId: '@p:b.example', name: 'peer' }, T0);
    const o = { outbox: store.peerOutbox, links: store.links, identity, log: silentLogger, periodMs: 6 * 3600_000, dormantAfterMs: 7 * DAY };
    expect(await beat(o, new Date(T0.getTime() + 1000))).toEqual({ sent: 1, dormant: [] });
    expect(await beat(o, new Date(T0.getTime() + 2000))).toEqual({ sent: 0, dormant: [] }); // same period: the same heartbeat
    const sent = (await store.peerOutbox.range(ROOM, 1, 10)).filter((e) => e.idempotencyKey !== 'first');
    expect(sent.map((e) => e.body)).toEqual([{ heads: [], last_seq_received: 3 }]);
    expect(await beat(o, new Date(T0.getTime() + 8 * DAY))).toEqual({ sent: 1, dormant: ['dep_peer'] });
    expect((await store.links.peer('dep_peer'))?.status).toBe('dormant');
  });
});
