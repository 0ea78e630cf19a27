import type { AssemblyId, MotionId } from '../shared/ids.js';
import type { Telemetry } from '../ports/telemetry.port.js';
import type { Ballot } from '../model/entities.js';
import type { BallotWrite, CastOutcomeKind, Store } from '../ports/store.port.js';

type Outcome = CastOutcomeKind;

interface Pending {
  readonly ballot: Ballot;
  readonly resolve: (o: Outcome) => void;
  readonly reject: (e: unknown) => void;
}

interface Lane {
  assemblyId: AssemblyId;
  secret: boolean;
  eventsFor: BallotWrite['eventsFor'];
  queue: Pending[];
  flushing: boolean;
}

/**
 * Group commit for ballots. Every ballot extends its assembly's hash chain, so
 * ballots on one motion serialise on that chain; writing them one transaction
 * each would cap a busy plenary at a few hundred per second. Instead, ballots
 * that arrive while a write is in flight wait and go together in the next
 * transaction (one chain lock, multi-row writes). An idle motion still commits
 * each ballot at once; each caller is answered only after its commit.
 */
export class BallotWriter {
  private readonly lanes = new Map<MotionId, Lane>();

  constructor(
    private readonly store: Pick<Store, 'castBallots'>,
    private readonly maxBatch = 500,
    private readonly telemetry?: Telemetry,
  ) {}

  write(assemblyId: AssemblyId, secret: boolean, ballot: Ballot, eventsFor: BallotWrite['eventsFor']): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      let lane = this.lanes.get(ballot.motionId);
      if (!lane) {
        lane = { assemblyId, secret, eventsFor, queue: [], flushing: false };
        this.lanes.set(ballot.motionId, lane);
      }
      lane.queue.push({ ballot, resolve, reject });
      if (!lane.flushing) void this.flush(ballot.motionId, lane);
    });
  }

  private async flush(motionId: MotionId, lane: Lane): Promise<void> {
    lane.flushing = true;
    while (lane.queue.length > 0) {
      // Let the event loop turn once before taking the batch: the callers answered by the batch before
      // are usually about to send their next ballots, and these then share this batch instead of
      // waiting out a whole write behind a batch of one or two. An idle motion loses microseconds.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = lane.queue.splice(0, this.maxBatch);
      try {
        // The whole batch goes to the store, repeats of one person included: the store answers each
        // ballot in order (cast, changed, unchanged) in the transaction that writes it, so each
        // caller's answer is what the record shows.
        const { outcomes } = await this.store.castBallots({ assemblyId: lane.assemblyId, motionId, secret: lane.secret, ballots: batch.map((p) => p.ballot), eventsFor: lane.eventsFor });
        batch.forEach((p, i) => {
          const outcome = outcomes[i] ?? 'closed';
          this.telemetry?.count('ballots', { outcome });
          p.resolve(outcome);
        });
      } catch (e) {
        batch.forEach((p) => p.reject(e));
      }
    }
    lane.flushing = false;
    this.lanes.delete(motionId);
  }
}
