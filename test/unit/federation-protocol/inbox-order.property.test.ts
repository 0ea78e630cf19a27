import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../src/core/federation-protocol/index.js';
import { deployment, joinBody, signed, T0 } from '../../support/federation-peers.js';
import { parentReceiver } from '../../support/federation-receiver.js';

const ROOM = '!link-b:b.example';

/**
 * Delivery as a homeserver may do it: any order, any number of copies, some
 * events not at all until asked again, forged copies in between. Whatever the
 * schedule, each event is applied exactly once and in seq order.
 */
describe('inbox ordering under any delivery schedule (property)', () => {
  it('GIVEN duplicated, reordered, dropped and forged deliveries THEN every event applies exactly once, in order, after resends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            // For each event (seq 2..n+1): how many copies arrive at first (0: dropped until a resend).
            copies: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
            order: fc.array(fc.nat(), { minLength: 4 * n, maxLength: 4 * n }),
            forgeries: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }),
          }),
        ),
        async ({ n, copies, order, forgeries }) => {
          const w = parentReceiver({ gapMs: 1000, resendEveryMs: 1000 });
          const b = deployment('dep_b');
          const evil = deployment('dep_b');
          w.invite('CODE');
          await w.receiver.receive(signed(b, ROOM, 'org.plenary.join', joinBody(b, 'asm_42', 'CODE')), T0);
          const seat = (motion: number) => ({ assembly: 'dep_b/asm_42', parent_assembly: 'dep_a/asm_1', seat: 1, delegate: '@ana:b.example', motion, term_ends: null, chain_head: { seq: motion, hash: 'e'.repeat(64) } });
          const events: RawEvent[] = Array.from({ length: n }, (_, i) => signed(b, ROOM, 'org.plenary.seat', seat(i)));
          const schedule: RawEvent[] = [];
          copies.forEach((c, i) => {
            for (let k = 0; k < c; k++) schedule.push(events[i]!);
          });
          for (const f of forgeries) schedule.push(signed(b, ROOM, 'org.plenary.seat', seat(999), { seq: f + 2, key: `forged-${f}`, signer: evil.signer }));
          // Shuffle by the generated order (a Fisher–Yates driven by fast-check's numbers, so failures shrink).
          for (let i = schedule.length - 1; i > 0; i--) {
            const j = (order[i] ?? 0) % (i + 1);
            [schedule[i], schedule[j]] = [schedule[j]!, schedule[i]!];
          }
          let now = T0.getTime();
          for (const e of schedule) await w.receiver.receive(e, new Date(now++));
          // Resend rounds: the sender answers each request with the events asked for.
          for (let round = 0; round < n + 2 && w.others.length < n; round++) {
            now += 1000;
            const asks = await w.receiver.inbox.sweepGaps(new Date(now));
            for (const ask of asks) for (let s = ask.fromSeq; s <= ask.toSeq; s++) await w.receiver.receive(events[s - 2]!, new Date(now));
            // A gap at the end is invisible to the receiver until the heartbeat says so: the sender re-sends its tail.
            if (asks.length === 0) for (const e of events.slice(w.others.length)) await w.receiver.receive(e, new Date(now));
          }
          expect(w.others.map((o) => o.entry.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 2));
          expect(w.others.map((o) => (o.entry.content as { body: { motion: number } }).body.motion)).toEqual(Array.from({ length: n }, (_, i) => i));
          expect(await w.store.lane(ROOM, 'dep_b')).toMatchObject({ nextSeq: n + 2, gapSince: null });
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
