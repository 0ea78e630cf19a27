import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../src/core/federation-protocol/index.js';
import { carrierSide, digestBody, seatBody, type CarrierSide, type Received } from '../../support/federation-carrier-fixture.js';
import { MatrixWorld } from '../../support/federation-homeserver-double.js';

/**
 * Two carriers stepped by hand over the in-memory Matrix (no loops, no
 * timers: each step hands a side what its homeserver has since its last
 * step, then runs its poll and its sends), on a fake clock. Both sides send
 * a random sequence of events while the homeservers lose a random set of the
 * posts (an original, a resend, a resend request: anything but heartbeats),
 * the last events of each side always among them. Whatever is lost, both
 * sides end up with every event of the other exactly once, in its order.
 */
const PARENT = { deployment: 'dep_pa', botUserId: '@fed:a.world', assembly: 'dep_pa/asm_1' };
const CHILD_BOT = '@fed:b.world';
const SECOND = 1000;

function pair() {
  const world = new MatrixWorld();
  const clock = { t: Date.parse('2026-12-08T00:00:00.000Z') };
  const options = { now: () => new Date(clock.t), quota: { perSecond: 1_000_000, burst: 1_000_000 } };
  const parent = carrierSide({ deployment: PARENT.deployment, homeserver: world.account(PARENT.botUserId), options });
  const child = carrierSide({ deployment: 'dep_ch', homeserver: world.account(CHILD_BOT), options });
  const since = new Map<CarrierSide, number>();
  /** One round of a side: its sync batch, then its poll (gap sweep, quiet rooms) and its sends. */
  const step = async (side: CarrierSide, user: string) => {
    const s = world.sync(user, since.get(side) ?? 0);
    since.set(side, s.next);
    const events: RawEvent[] = Object.entries(s.rooms).flatMap(([roomId, evs]) =>
      evs.filter((e) => e.sender !== user && e.type.startsWith('org.plenary.')).map((e) => ({ type: e.type, sender: e.sender, roomId, content: structuredClone(e.content), ...(e.state_key === undefined ? {} : { stateKey: e.state_key }) })),
    );
    await side.carrier.receiveBatch(events, s.invites.map((i) => ({ ...i, isDirect: false })));
    await side.carrier.tick();
    await side.carrier.drain();
  };
  const round = async () => {
    await step(parent, PARENT.botUserId);
    await step(child, CHILD_BOT);
  };
  return { world, clock, parent, child, round };
}

const motions = (received: readonly Received[], type: string) => received.filter((r) => r.type === type).map((r) => (r.body as { motion: number }).motion);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('lost posts, tails included, over a run of sends both ways (property)', () => {
  it('GIVEN any set of lost posts THEN each side applies every event of the other exactly once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // true: the parent sends the next event, false: the child.
          sends: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
          // For each post into the room after the link (heartbeats aside), in order: lost on the way?
          lost: fc.array(fc.boolean(), { maxLength: 60 }),
          // The last this many events each side sends are lost on their first post, whatever `lost` says.
          tail: fc.integer({ min: 1, max: 3 }),
          // Seconds between two sends.
          pause: fc.integer({ min: 0, max: 40 }),
        }),
        async ({ sends, lost, tail, pause }) => {
          const { world, clock, parent, child, round } = pair();
          await child.trust(parent.identity);
          parent.invite('PLM-7Q2K', PARENT.assembly);
          await child.requestLink(PARENT, 'dep_ch/asm_2', 'PLM-7Q2K');
          for (let i = 0; i < 10 && parent.joined.length === 0; i++) await round();
          expect(parent.joined).toHaveLength(1);
          const roomId = child.opened[0]!.roomId;
          clock.t += 31 * SECOND;
          await round();
          await round();

          const fromParent = sends.filter(Boolean).length;
          const fromChild = sends.length - fromParent;
          const tailKeys = new Set([...range(fromParent).slice(-tail).map((n) => `digest/${String(n)}`), ...range(fromChild).slice(-tail).map((n) => `seat/${String(n)}`)]);
          let post = 0;
          world.lose = (e) => {
            if (e.type === 'org.plenary.heartbeat' || !e.type.startsWith('org.plenary.')) return false;
            const first = tailKeys.delete(String(e.content.idempotency_key));
            return first || (lost[post++] ?? false);
          };
          let p = 0;
          let c = 0;
          for (const byParent of sends) {
            if (byParent) await parent.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.vote_digest', body: digestBody('dep_ch', ++p), idempotencyKey: `digest/${String(p)}` }], new Date(clock.t));
            else await child.store.peerOutbox.enqueue([{ roomId, type: 'org.plenary.seat', body: seatBody('dep_ch', ++c), idempotencyKey: `seat/${String(c)}` }], new Date(clock.t));
            await round();
            clock.t += pause * SECOND;
          }
          const done = () => motions(child.received, 'org.plenary.vote_digest').length >= fromParent && motions(parent.received, 'org.plenary.seat').length >= fromChild;
          const start = clock.t;
          while (!done() && clock.t - start < 2 * 3600 * SECOND) {
            clock.t += 10 * SECOND;
            await round();
          }
          // Anything still on its way would show as a duplicate; then the room goes quiet for good (no heartbeat answers a
          // heartbeat). Lost control events (a resend request, a heartbeat) are asked again only after the resend period
          // (10 min), so quiet means: no new seq on either side for 15 minutes, reached within 2 hours, and kept for 1 more.
          const settled = async () => [await parent.store.peerOutbox.lastSeq(roomId), await child.store.peerOutbox.lastSeq(roomId)];
          let quiet = await settled();
          let still = 0;
          for (const until = clock.t + 2 * 3600 * SECOND; still < 90 && clock.t < until; ) {
            clock.t += 10 * SECOND;
            await round();
            const now = await settled();
            if (now[0] === quiet[0] && now[1] === quiet[1]) still++;
            else [quiet, still] = [now, 0];
          }
          expect(still).toBe(90);
          for (let i = 0; i < 360; i++) {
            clock.t += 10 * SECOND;
            await round();
          }
          expect(await settled()).toEqual(quiet);
          expect(motions(child.received, 'org.plenary.vote_digest')).toEqual(range(fromParent));
          expect(motions(parent.received, 'org.plenary.seat')).toEqual(range(fromChild));
          for (const side of [parent, child]) {
            expect(new Set(side.received.map((r) => r.key)).size).toBe(side.received.length);
            expect(side.received.every((r, i) => i === 0 || r.seq > side.received[i - 1]!.seq)).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
