import { describe, expect, it } from 'vitest';
import type { Ballot } from '../../../src/core/model/entities.js';
import type { BallotWrite, CastOutcome, Store } from '../../../src/core/ports/store.port.js';
import { BallotWriter } from '../../../src/core/services/ballot-writer.js';
import { asAssemblyId, asMotionId, asPersonId } from '../../../src/core/shared/ids.js';

/** A store that records each batch and answers it when told to, as a database transaction would. */
class RecordingStore implements Pick<Store, 'castBallots'> {
  readonly batches: (readonly Ballot[])[] = [];
  private readonly waiting: (() => void)[] = [];
  inFlight = 0;
  maxInFlight = 0;

  castBallots(batch: BallotWrite): Promise<CastOutcome> {
    this.batches.push(batch.ballots);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.inFlight--;
        resolve({ outcomes: batch.ballots.map(() => 'cast' as const) });
      });
    });
  }

  /** Commits the oldest batch in flight. */
  commitNext(): void {
    this.waiting.shift()?.();
  }
}

const assembly = asAssemblyId('00000000-0000-4000-8000-0000000000a1');
const motion = asMotionId('00000000-0000-4000-8000-0000000000b1');
const ballot = (n: number, value: 'yes' | 'no' = 'yes'): Ballot => ({ motionId: motion, personId: asPersonId(`p-${n}`), choice: { kind: 'yes-no-abstain', value }, castAt: new Date(1_000 + n) });
const turn = () => new Promise<void>((r) => setImmediate(r));
const noEvents = () => [];

describe('BallotWriter', () => {
  it('GIVEN 50 ballots sent in one burst WHEN written THEN they go in one batch, not a batch of one followed by 49', async () => {
    const store = new RecordingStore();
    const writer = new BallotWriter(store);
    const done = Array.from({ length: 50 }, (_, i) => writer.write(assembly, false, ballot(i), noEvents));
    await turn();
    expect(store.batches.map((b) => b.length)).toEqual([50]);
    store.commitNext();
    await expect(Promise.all(done)).resolves.toEqual(Array.from({ length: 50 }, () => 'cast'));
  });

  it('GIVEN callers that vote again as soon as they are answered WHEN a batch commits THEN their next ballots share the following batch', async () => {
    const store = new RecordingStore();
    const writer = new BallotWriter(store);
    // Each of 20 voters votes yes, and on the answer changes to no.
    const voters = Array.from({ length: 20 }, (_, i) => writer.write(assembly, false, ballot(i), noEvents).then(() => writer.write(assembly, false, ballot(i, 'no'), noEvents)));
    await turn();
    store.commitNext();
    await turn();
    await turn();
    expect(store.batches.map((b) => b.length)).toEqual([20, 20]);
    expect(store.batches[1]?.every((b) => b.choice.kind === 'yes-no-abstain' && b.choice.value === 'no')).toBe(true);
    store.commitNext();
    await Promise.all(voters);
    // One write at a time per motion: they all extend the same chain.
    expect(store.maxInFlight).toBe(1);
  });

  it('GIVEN one person voting twice before the write WHEN written THEN both go to the store in order and each caller gets the store\'s own answer for its ballot', async () => {
    const store = new RecordingStore();
    const writer = new BallotWriter(store);
    const first = writer.write(assembly, false, ballot(7, 'yes'), noEvents);
    const second = writer.write(assembly, false, ballot(7, 'no'), noEvents);
    await turn();
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]?.map((b) => b.choice)).toEqual([
      { kind: 'yes-no-abstain', value: 'yes' },
      { kind: 'yes-no-abstain', value: 'no' },
    ]);
    store.commitNext();
    // The recording store answers every ballot 'cast': the writer passes on exactly what the store decided.
    await expect(Promise.all([first, second])).resolves.toEqual(['cast', 'cast']);
  });
});
