import type { AuditEvent, Choice, MotionResult, MotionStatus } from '../model/entities.js';
import { countMotion, type CountableMotion } from '../services/count-motion.js';
import { ballotEntries } from './ballot-record.js';
import { canonicalJson, GENESIS_HASH, verifyChain, type ChainProblem } from './hash-chain.js';

/** A point of a chain: the event with this seq has this hash (seq 0 = GENESIS, before any event). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** What the chain itself says about one motion. */
export interface MotionTrace {
  /** `motion.proposed` or `proposal.received` (a relay's response motion). */
  introduced: boolean;
  /** The `motion.closed` payload, when there is one. */
  closed: Readonly<Record<string, unknown>> | null;
  /** Open ballots: each voter's latest choice, as canonical JSON. */
  readonly choices: Map<string, string>;
  /** Ballots recorded without a voter (secret batches count them). */
  anonymous: number;
  voids: number;
}

const INTRODUCES = new Set(['motion.proposed', 'proposal.received']);

/**
 * Reads a chain page by page, in order: checks the links and hashes, and
 * collects what the events say about each motion, so the stored motions and
 * ballots can be compared with the record rather than only with each other.
 */
export class ChainReader {
  readonly problems: ChainProblem[] = [];
  private readonly traces = new Map<number, MotionTrace>();
  private last: ChainHead = { seq: 0, hash: GENESIS_HASH };
  private readonly hashes = new Map<number, string>();
  count = 0;

  /** `watch`: the seqs whose hashes to keep (the witnessed heads being checked). */
  constructor(private readonly watch: ReadonlySet<number> = new Set()) {}

  add(page: readonly AuditEvent[]): void {
    this.problems.push(...verifyChain(page, this.last.hash, this.last.seq + 1));
    for (const e of page) {
      this.trace(e);
      if (this.watch.has(e.seq)) this.hashes.set(e.seq, e.hash);
    }
    const end = page.at(-1);
    if (end) this.last = { seq: end.seq, hash: end.hash };
    this.count += page.length;
  }

  get head(): ChainHead {
    return this.last;
  }

  motion(number: number): MotionTrace | undefined {
    return this.traces.get(number);
  }

  /** Motions the record introduces that are missing from `stored` (a deleted motion row). */
  missingMotions(stored: ReadonlySet<number>): number[] {
    return [...this.traces.entries()].filter(([n, t]) => t.introduced && !stored.has(n)).map(([n]) => n);
  }

  /** The hash of event `seq` as read (watched seqs only). */
  hashAt(seq: number): string | undefined {
    return seq === 0 ? GENESIS_HASH : this.hashes.get(seq);
  }

  /** The chain must end exactly at the head the assembly row keeps: events cut from the end show here. */
  checkHead(stored: ChainHead | null): ChainProblem[] {
    if (!stored) return [];
    if (stored.seq === this.last.seq && stored.hash === this.last.hash) return [];
    if (stored.seq > this.last.seq) return [{ seq: this.last.seq + 1, problem: `the chain ends at event #${this.last.seq} but the assembly's head says #${stored.seq}: ${stored.seq - this.last.seq} event(s) missing from the end` }];
    if (stored.seq < this.last.seq) return [{ seq: stored.seq + 1, problem: `the assembly's head says #${stored.seq} but the chain goes on to #${this.last.seq}` }];
    return [{ seq: stored.seq, problem: "the last event's hash is not the assembly's head hash (the end of the chain was replaced)" }];
  }

  private trace(e: AuditEvent): void {
    const n = e.payload.motion;
    if (typeof n !== 'number') return;
    const t = this.traces.get(n) ?? { introduced: false, closed: null, choices: new Map<string, string>(), anonymous: 0, voids: 0 };
    this.traces.set(n, t);
    if (INTRODUCES.has(e.type)) t.introduced = true;
    else if (e.type === 'motion.closed') t.closed = e.payload;
    else if (e.type === 'ballot.voided') t.voids++;
    else {
      for (const b of ballotEntries([e])) {
        if (b.personId !== undefined) t.choices.set(b.personId, canonicalJson(b.choice));
        else if (b.type === 'ballot.cast') t.anonymous++;
      }
    }
  }
}

/** A motion as the store or an export holds it: enough to recount and compare. */
export interface RecordedMotion extends CountableMotion {
  readonly number: number;
  readonly secret: boolean;
  readonly status: MotionStatus;
  readonly result: MotionResult | null;
}

const COUNTED: readonly MotionStatus[] = ['open', 'passed', 'failed'];
const RESULT_FIELDS = ['outcome', 'ballots', 'eligible', 'quorumMet', 'tally', 'winners'] as const;

/** Recounts a closed motion from its ballots and compares with its stored result and status. */
export function recountProblems(motion: RecordedMotion, ballots: readonly { readonly choice: Choice }[]): string[] {
  const stored = motion.result;
  if (!stored) return motion.status === 'passed' || motion.status === 'failed' ? [`status is ${motion.status} but no result is stored`] : [];
  const again = countMotion(motion, ballots, stored.eligible);
  const problems: string[] = [];
  if (again.ballots !== stored.ballots) problems.push(`${stored.ballots} ballots recorded, ${again.ballots} stored`);
  if (again.outcome !== stored.outcome) problems.push(`recorded ${stored.outcome}, recount says ${again.outcome}`);
  if (canonicalJson(again.tally) !== canonicalJson(stored.tally)) problems.push(`recorded tally ${canonicalJson(stored.tally)}, recount ${canonicalJson(again.tally)}`);
  if (canonicalJson(again.winners) !== canonicalJson(stored.winners)) problems.push(`recorded winners ${canonicalJson(stored.winners)}, recount ${canonicalJson(again.winners)}`);
  if (motion.status !== stored.outcome) problems.push(`status is ${motion.status} but the result says ${stored.outcome}`);
  return problems;
}

/**
 * Compares a stored motion with what the chain recorded about it: that it was
 * introduced, that a closed one has its `motion.closed` event with the same
 * result, and (when `ballots` is given) that the stored ballots are the
 * chained ones: the same choices for an open ballot, the same number for a
 * secret one. A forger must then rewrite the chain too, which witnessed
 * heads expose.
 */
export function chainProblems(trace: MotionTrace | undefined, motion: RecordedMotion, ballots?: readonly { readonly choice: Choice }[]): string[] {
  if (!trace?.introduced) return ['no event in the record introduces this motion (events are missing)'];
  const problems: string[] = [];
  if (motion.status === 'passed' || motion.status === 'failed') {
    if (!trace.closed) problems.push(`it is ${motion.status} but the record has no motion.closed event for it`);
    else if (motion.result) {
      const differ = RESULT_FIELDS.filter((f) => canonicalJson(trace.closed?.[f]) !== canonicalJson(motion.result?.[f]));
      if (differ.length > 0) problems.push(`the stored result differs from the recorded close in ${differ.join(', ')} (recorded ${differ.map((f) => `${f} ${canonicalJson(trace.closed?.[f])}`).join(', ')})`);
    }
  } else if (trace.closed) problems.push(`the record closed it (${canonicalJson(trace.closed.outcome)}) but it is stored as ${motion.status}`);
  if (ballots && COUNTED.includes(motion.status)) problems.push(...ballotProblems(trace, motion, ballots));
  return problems;
}

function ballotProblems(trace: MotionTrace, motion: RecordedMotion, ballots: readonly { readonly choice: Choice }[]): string[] {
  const recorded = trace.choices.size + trace.anonymous - trace.voids;
  const problems: string[] = [];
  if (recorded !== ballots.length) problems.push(`the record holds ${recorded} ballot(s), ${ballots.length} are stored`);
  if (motion.secret || trace.choices.size === 0) return problems;
  // Voters are compared by choice, not id: linking two accounts moves ballots to the surviving person.
  const left = new Map<string, number>();
  for (const c of trace.choices.values()) left.set(c, (left.get(c) ?? 0) + 1);
  const extra: string[] = [];
  for (const b of ballots) {
    const c = canonicalJson(b.choice);
    const n = left.get(c) ?? 0;
    if (n > 0) left.set(c, n - 1);
    else extra.push(c);
  }
  if (extra.length > 0) problems.push(`stored ballot(s) the record does not hold: ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ', …' : ''}`);
  return problems;
}
