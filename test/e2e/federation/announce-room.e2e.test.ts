import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpHomeserver } from '../../../src/adapters/matrix/federation/client.js';
import { announceDirectory } from '../../../src/core/federation/remote/index.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FED_A_URL, FED_B_URL, FED_SECRET, federatingPairUnavailable } from '../../support/federation-homeservers.js';
import { registerWithSharedSecret } from '../../support/matrix-synapse-accounts.js';
import { adoptEverywhere, rootWithChildren, settleUntil } from '../../support/relay-carriers.js';

/**
 * The announce room on the two real federating homeservers, with the whole
 * relay of each deployment (FakeStores; what is under test is Matrix): the
 * root on one homeserver, two child deployments on the other. Synapse keeps
 * the announce mark in `m.room.create`, enforces the power levels (a member
 * bot sets only its own versions state) and carries the one adoption event
 * to both children.
 *
 * Finding: a second child bot on a homeserver that is already in the announce
 * room (through the first child's bot) is refused its join as "not invited"
 * by its own homeserver, though the root's homeserver shows it invited, on
 * every retry; that child is then served through its link room (its status
 * stays `invited`). So here the second child lives on the root's homeserver.
 */
const reason = await federatingPairUnavailable();
const suffix = randomBytes(3).toString('hex');

class CountingHomeserver extends HttpHomeserver {
  readonly sent: { roomId: string; type: string }[] = [];
  override send(roomId: string, type: string, content: Readonly<Record<string, unknown>>, txnId: string): Promise<string> {
    this.sent.push({ roomId, type });
    return super.send(roomId, type, content, txnId);
  }
}

describe.skipIf(reason !== null)('announce room across two real homeservers', () => {
  const stops: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const s of stops) await s();
  }, 60_000);

  it('GIVEN a root and a child on one homeserver and a child on the other THEN both child bots join its announce room, publish their versions, and one adoption event reaches both', async () => {
    const accounts = new Map<string, CountingHomeserver>();
    const account = async (id: string) => {
      // The root and the second child on one homeserver, the first child on the other (see the finding above).
      const url = id === 'dep_c1' ? FED_B_URL : FED_A_URL;
      const a = await registerWithSharedSecret(url, FED_SECRET, `ann${id.replace(/_/g, '')}${suffix}`);
      const hs = new CountingHomeserver({ baseUrl: url, accessToken: a.accessToken, userId: a.userId, log: silentLogger });
      accounts.set(id, hs);
      return hs;
    };
    const d = await rootWithChildren(account, 2, () => true, 120_000);
    stops.push(d.stop);
    const dir = announceDirectory(d.root.store);
    await settleUntil(d.all, 'both child bots in the announce room', async () => {
      const f = (await dir.federations(10))[0];
      return f?.members.filter((m) => m.status === 'joined').length === 2;
    }, 120_000);
    const roomId = (await dir.federations(10))[0]!.roomId!;
    const root = accounts.get('dep_root')!;
    await settleUntil(d.all, 'three versions states', async () => (await root.roomState(roomId)).filter((e) => e.type === 'org.plenary.versions').length === 3, 120_000);
    const state = await root.roomState(roomId);
    expect(state.find((e) => e.type === 'm.room.create')!.content['org.plenary.announce']).toEqual({ federation: 'Transit', deployment: 'dep_root' });
    for (const c of d.children) expect(state.find((e) => e.type === 'org.plenary.versions' && e.state_key === c.me.botUserId)?.content).toMatchObject({ deployment: c.id, body: { supported: [1] } });
    // Synapse refuses a member bot's post there, and its setting another's versions.
    const child = accounts.get('dep_c1')!;
    await expect(child.send(roomId, 'org.plenary.adoption', {}, `forged-${suffix}`)).rejects.toThrow(/403/);
    await expect(child.putState(roomId, 'org.plenary.versions', root.userId, {})).rejects.toThrow(/403/);

    await adoptEverywhere(d, 120_000);
    const adoptions = root.sent.filter((s) => s.type === 'org.plenary.adoption');
    expect(adoptions).toEqual([{ roomId, type: 'org.plenary.adoption' }]);
    console.log(`announce room e2e: 2 child deployments, root adoption events sent: ${String(adoptions.length)}`);
  }, 300_000);
});
