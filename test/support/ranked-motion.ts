import type { Ballot, Motion } from '../../src/core/model/entities.js';
import { asAssemblyId, asMotionId, asPersonId } from '../../src/core/shared/ids.js';

/** A ranked motion as the store returns it; only method, options, seats and quorum matter to the count. */
export function rankedMotion(options: readonly string[], seats: number): Motion {
  return {
    id: asMotionId('00000000-0000-4000-8000-00000000b001'),
    assemblyId: asAssemblyId('00000000-0000-4000-8000-00000000a001'),
    number: 1,
    kind: 'election',
    method: 'ranked',
    title: 'Council',
    body: '',
    options,
    seats,
    quorum: { num: 0, den: 1, strict: false },
    threshold: { num: 1, den: 2, strict: true },
    secret: true,
    secondsRequired: 0,
    status: 'open',
    movedById: asPersonId('00000000-0000-4000-8000-00000000c001'),
    payload: {},
    votingHours: 72,
    opensAt: null,
    closesAt: null,
    closedAt: null,
    result: null,
    createdAt: new Date(0),
  };
}

export function rankedBallots(motion: Motion, rankings: readonly (readonly number[])[]): Ballot[] {
  return rankings.map((ranking, i) => ({ motionId: motion.id, personId: asPersonId(`p-${i}`), choice: { kind: 'ranked', ranking }, castAt: new Date(i) }));
}
