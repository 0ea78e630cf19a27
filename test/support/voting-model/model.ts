/*
 * The reference model of the voting-model test: a few plain maps that say
 * what DOMAIN.md says should happen — who is a member, each person's current
 * ballot per motion, when a motion closes and how it is counted — with none of
 * the store, locking or batching of the real system. The commands (commands.ts)
 * drive the real system through the command table and compare after every step.
 */

export type YesNo = 'yes' | 'no' | 'abstain';
export type Status = 'active' | 'left' | 'excluded';
export type Kind = 'resolution' | 'exclusion' | 'recall' | 'election' | 'federation-join' | 'federation-leave';

export const HOUR = 3_600_000;
export const USERS = ['ana', 'ben', 'cy', 'dee', 'eli', 'fay', 'gus'] as const;
export type User = (typeof USERS)[number];

export interface ModelMotion {
  readonly assembly: string;
  readonly number: number;
  readonly kind: Kind;
  readonly closesAt: number;
  /** Exclusion: who; election: the candidate. */
  readonly target?: User;
  /** Recall: the seats it ends, as they were when it was moved. */
  readonly seats?: readonly number[];
  status: 'open' | 'passed' | 'failed';
  /** Current ballots of this motion: person → choice (a ranked ballot is the candidate's name). */
  readonly ballots: Map<User, string>;
  result?: { ballots: number; eligible: number; tally: { yes: number; no: number; abstain: number } | null };
}

export interface ModelAssembly {
  readonly name: string;
  readonly room: string;
  readonly kind: 'local' | 'delegates';
  readonly members: Map<User, Status>;
  motions: number;
  inFederation: boolean;
  earlyClose?: boolean;
  facilitator?: User | null;
}

export interface ModelSeat {
  readonly id: number;
  readonly home: string;
  readonly person: User;
}

export interface Model {
  now: number;
  readonly assemblies: Map<string, ModelAssembly>;
  /** Every motion the model knows, in creation order (the sweep's tie-break). */
  readonly motions: ModelMotion[];
  seats: ModelSeat[];
  nextSeat: number;
  readonly district: string;
  readonly federation: string;
}

export function assemblyOf(m: Model, name: string): ModelAssembly {
  const a = m.assemblies.get(name);
  if (!a) throw new Error(`model: no assembly ${name}`);
  return a;
}

export const isActive = (a: ModelAssembly, u: User): boolean => a.members.get(u) === 'active';
export const activeMembers = (a: ModelAssembly): User[] => USERS.filter((u) => isActive(a, u));
export const motionsOf = (m: Model, assembly: string): ModelMotion[] => m.motions.filter((x) => x.assembly === assembly);
/** Open and not past its deadline: a ballot is taken. */
export const votable = (m: Model, x: ModelMotion): boolean => x.status === 'open' && x.closesAt > m.now;

export function addMotion(m: Model, assembly: string, kind: Kind, hours: number, extra: { target?: User; seats?: readonly number[] } = {}): ModelMotion {
  const a = assemblyOf(m, assembly);
  a.motions += 1;
  const motion: ModelMotion = { assembly, number: a.motions, kind, closesAt: m.now + hours * HOUR, status: 'open', ballots: new Map(), ...extra };
  m.motions.push(motion);
  return motion;
}

/** A person stops being an active member: their ballots on the assembly's open motions no longer count. */
export function voidBallots(m: Model, assembly: string, u: User): void {
  for (const x of motionsOf(m, assembly)) if (x.status === 'open') x.ballots.delete(u);
}

export function depart(m: Model, assembly: string, u: User, status: 'left' | 'excluded'): void {
  assemblyOf(m, assembly).members.set(u, status);
  if (assemblyOf(m, assembly).facilitator === u) assemblyOf(m, assembly).facilitator = null;
  voidBallots(m, assembly, u);
}

/** Membership of the delegates' assembly follows the seats (syncDelegateMembership). */
function syncDelegate(m: Model, u: User): void {
  const d = assemblyOf(m, m.district);
  const seated = m.seats.some((s) => s.person === u);
  if (seated && !isActive(d, u)) d.members.set(u, 'active');
  else if (!seated && isActive(d, u)) depart(m, m.district, u, 'left');
}

function meets(part: number, whole: number, num: number, den: number, strict: boolean): boolean {
  if (whole === 0) return !strict && num === 0;
  return strict ? part * den > num * whole : part * den >= num * whole;
}

/** Counts and closes one motion with the members active now, then applies a passed motion's effect. */
export function close(m: Model, x: ModelMotion): void {
  const a = assemblyOf(m, x.assembly);
  const eligible = activeMembers(a).length;
  const cast = x.ballots.size;
  // Every stored ballot is an active member's: departures void theirs.
  const quorumMet = meets(cast, eligible, 1, 10, false);
  let passed: boolean;
  let tally: { yes: number; no: number; abstain: number } | null = null;
  if (x.kind === 'election') {
    passed = quorumMet && cast > 0;
  } else {
    const t = { yes: 0, no: 0, abstain: 0 };
    for (const c of x.ballots.values()) t[c as YesNo]++;
    tally = t;
    const threshold = x.kind === 'exclusion' ? meets(t.yes, t.yes + t.no, 2, 3, false) : meets(t.yes, t.yes + t.no, 1, 2, true);
    passed = quorumMet && t.yes > 0 && threshold;
  }
  x.status = passed ? 'passed' : 'failed';
  x.result = { ballots: cast, eligible, tally };
  if (passed) applyEffect(m, x);
}

function endSeat(m: Model, seat: ModelSeat): void {
  m.seats = m.seats.filter((s) => s.id !== seat.id);
  syncDelegate(m, seat.person);
}

function applyEffect(m: Model, x: ModelMotion): void {
  const a = assemblyOf(m, x.assembly);
  if (x.kind === 'exclusion' && x.target) depart(m, x.assembly, x.target, 'excluded');
  if (x.kind === 'recall') {
    for (const id of x.seats ?? []) {
      const seat = m.seats.find((s) => s.id === id);
      if (!seat) continue;
      endSeat(m, seat);
      // A recall voids the delegate's open ballots upstairs even while another seat keeps them there.
      voidBallots(m, m.district, seat.person);
    }
  }
  if (x.kind === 'federation-join') a.inFederation = true;
  if (x.kind === 'federation-leave') {
    a.inFederation = false;
    for (const seat of m.seats.filter((s) => s.home === a.name)) endSeat(m, seat);
  }
  if (x.kind === 'election' && x.target) {
    m.seats.push({ id: m.nextSeat++, home: a.name, person: x.target });
    syncDelegate(m, x.target);
  }
}

/** After a ballot: closes the motion when every active member has one (early close is on). */
export function closeIfEveryoneVoted(m: Model, x: ModelMotion): boolean {
  const a = assemblyOf(m, x.assembly);
  if (a.earlyClose === false || x.status !== 'open' || x.ballots.size < activeMembers(a).length) return false;
  close(m, x);
  return true;
}

/** The deadline sweep: every due motion, earliest deadline first, then in creation order. */
export function sweep(m: Model): void {
  const due = m.motions.map((x, i) => ({ x, i })).filter(({ x }) => x.status === 'open' && x.closesAt <= m.now);
  due.sort((p, q) => p.x.closesAt - q.x.closesAt || p.i - q.i);
  for (const { x } of due) if (x.status === 'open') close(m, x);
}
