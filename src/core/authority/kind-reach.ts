import type { Assembly, AssemblyKind } from '../model/entities.js';
import type { MotionKind } from '../model/policy.js';
import { ok, type Result } from '../shared/result.js';
import { errT, selector } from '../i18n/localized.js';

/**
 * What a passed motion of each kind may change beyond its own assembly, and
 * on whose consent — declared once, next to `authority.ts`, so a new kind
 * cannot reach into another assembly unnoticed (a unit test holds every
 * registered kind to an entry). Nothing here lets a higher assembly decide
 * for a lower one: reaching down is only ever an offer (the relay) or a
 * request (a recall request), never a change.
 */
export interface KindReach {
  /** The kinds of assembly that may move it. */
  readonly movedIn: readonly AssemblyKind[];
  /** Outside its own assembly, what it changes and whose consent covers it. */
  readonly reaches: string;
}

const ALL: readonly AssemblyKind[] = ['local', 'circle', 'delegates'];

export const KIND_REACH: Readonly<Record<MotionKind, KindReach>> = {
  resolution: { movedIn: ALL, reaches: 'nothing: it binds its own members only' },
  policy: { movedIn: ALL, reaches: 'nothing: its own settings only' },
  admission: { movedIn: ['local', 'circle'], reaches: 'nothing (a circle admits members of its local assembly only; an assembly of delegates admits nobody: seats decide)' },
  exclusion: { movedIn: ALL, reaches: "its own circles: the person's membership there ends with it. Upstairs it is only a request that the sending assembly recall its delegate; nothing changes there" },
  election: { movedIn: ALL, reaches: "its own seats in a parent: the winners' membership and vote there follow the seats, on the parent's consent given by its invitation" },
  recall: { movedIn: ALL, reaches: "its own seat: the delegate's membership, vote and open ballots upstairs end, on the same consent" },
  mandate: { movedIn: ALL, reaches: 'nothing: it instructs its own delegates; reports upstairs only mark it' },
  'federation-join': { movedIn: ALL, reaches: "a place under the parent, on the parent's consent (its invitation code)" },
  'federation-leave': { movedIn: ALL, reaches: 'its own seats and its referrals in that federation (and those of the branch below it): they end, and the counts above are rolled up again' },
  forward: { movedIn: [...ALL, 'committee'], reaches: "the parent's agenda (a text the delegates may take up), or its local assembly's agenda for a circle: a new motion there under that assembly's own rules" },
  'proposal-draft': { movedIn: ['delegates'], reaches: 'the member assemblies below, through the relay: an offer each decides by its own vote, while it is a member of the federation' },
  'proposal-response': { movedIn: ALL, reaches: 'its own decision on a referral, counted above while it is a member of the federation' },
  'amend-law': { movedIn: ['local'], reaches: 'nothing: a new text of one of its own laws' },
  'repeal-law': { movedIn: ['local'], reaches: "nothing of another assembly's: its own law ends; for a law taken in from a federation, its acceptance there is withdrawn and the counts above are rolled up again" },
  annul: { movedIn: ['local'], reaches: "a decision of one of its own circles that conflicts with its laws: marked annulled, the circle told why (circles decide routine matters that do not conflict with their local assembly's laws)" },
  committee: { movedIn: ['local'], reaches: 'a new committee of its own: elected by it, mandated to carry out its laws, recallable by it, with no law-making power' },
  'committee-end': { movedIn: ['local'], reaches: "one of its own committees: its members' seats and room access end" },
  'require-leave': { movedIn: ['local'], reaches: "one of its own circles' membership of a federation whose activity conflicts with its laws: the circle leaves it, as by its own federation-leave, and is told why" },
};

/** Whether a motion of this kind may be moved in this assembly at all. */
export function mayMoveKindIn(kind: MotionKind, assembly: Assembly): Result<true> {
  const reach = KIND_REACH[kind];
  if (reach.movedIn.includes(assembly.kind)) return ok(true);
  // A committee carries out its assembly's laws: it makes none and decides nothing for the assembly.
  if (assembly.kind === 'committee') return errT('forbidden', 'reach.committee', { assembly: assembly.name });
  // Where it may be moved is one selector of the message (`local_circle_delegates`); what to do instead, where a kind has it, is the message's too.
  return errT('bad-input', 'reach.movedIn', { kind, where: reach.movedIn.join('_'), assembly: assembly.name, is: assembly.kind, instead: selector(kind) });
}
