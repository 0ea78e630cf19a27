import { expect } from 'vitest';
import type { Choice } from '../../../src/core/model/entities.js';
import { auditAssembly } from '../../../src/core/services/audit.service.js';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import type { Scenario } from '../../../src/core/testing/scenario.js';
import type { AssemblyId, PersonId } from '../../../src/core/shared/ids.js';
import { ok } from '../federation-scenario.js';
import { activeMembers, addMotion, assemblyOf, close, HOUR, sweep, type Model, type ModelAssembly, type User, USERS } from './model.js';

/** The system under test: one scenario (command table + store), with this run's names. */
export interface Real {
  readonly s: Scenario;
  readonly tag: string;
  readonly ids: Map<string, AssemblyId>;
  readonly persons: Map<User, PersonId>;
  /** Motions up to this number in each assembly were made by the setup and are checked once. */
  readonly fromSetup: Map<string, number>;
}

/** How a command names motion N: each form a member may type, chosen by the step. */
export function motionRef(a: ModelAssembly, n: number, form: number): string {
  // Every form a member may type, at every number (motion 10 and `#N` were misread before).
  const forms = [String(n), `#${n}`, `${a.name}#${n}`, `"${a.name} #${n}"`];
  return forms[form % forms.length]!;
}

export async function run(r: Real, user: string, room: string, line: string): Promise<{ ok: boolean; text: string }> {
  return r.s.run(user, room, line);
}

/** Every active member of the assembly votes `choice` on motion x (the last ballot closes it). */
async function everyoneVotes(m: Model, r: Real, a: ModelAssembly, number: number, choice: string): Promise<void> {
  const x = m.motions.find((y) => y.assembly === a.name && y.number === number)!;
  for (const u of activeMembers(a)) {
    await ok(run(r, u, a.room, `vote ${a.name}#${number} ${choice}`));
    x.ballots.set(u, choice);
  }
  close(m, x);
}

export async function joinFederation(m: Model, r: Real, a: ModelAssembly): Promise<void> {
  const district = assemblyOf(m, m.district);
  const code = /Code: (\S+)/.exec(await ok(run(r, 'founder', district.room, 'federation invite')))![1]!;
  const mover = activeMembers(a)[0]!;
  await ok(run(r, mover, a.room, `federation join ${code}`));
  const x = addMotion(m, a.name, 'federation-join', 72);
  await everyoneVotes(m, r, a, x.number, 'yes');
}

export async function elect(m: Model, r: Real, a: ModelAssembly, candidate: User): Promise<void> {
  await ok(run(r, candidate, a.room, `nominate ${m.federation}`));
  expect(await ok(run(r, candidate, a.room, `election call ${m.federation}`))).toContain(`motion #${a.motions + 1}`);
  const x = addMotion(m, a.name, 'election', 72, { target: candidate });
  await everyoneVotes(m, r, a, x.number, candidate);
}

export async function leaveFederation(m: Model, r: Real, a: ModelAssembly): Promise<void> {
  await ok(run(r, activeMembers(a)[0]!, a.room, `federation leave ${m.federation}`));
  const x = addMotion(m, a.name, 'federation-leave', 72);
  await everyoneVotes(m, r, a, x.number, 'yes');
}

function local(name: string, room: string, members: readonly User[]): ModelAssembly {
  return { name, room, kind: 'local', members: new Map(members.map((u) => [u, 'active'])), motions: 0, inFederation: false, earlyClose: true, facilitator: members[0]! };
}

/**
 * Builds the same world in the model and, through the command table, in the
 * scenario: North (ana, ben, cy) and South (dee, eli) in federation Valley
 * with delegates ana and dee in District; East (fay, ana, gus) outside, with
 * `prefill` motions that lapsed, so later motion numbers pass 10 and 100.
 */
export async function buildWorld(s: Scenario, tag: string, prefill: number): Promise<{ model: Model; real: Real }> {
  const n = (base: string) => `${base}${tag}`;
  const room = (base: string) => `#${base.toLowerCase()}-${tag}`;
  const model: Model = {
    now: s.clock.now().getTime(),
    assemblies: new Map(),
    motions: [],
    seats: [],
    nextSeat: 1,
    district: n('District'),
    federation: n('Valley'),
  };
  const real: Real = { s, tag, ids: new Map(), persons: new Map(), fromSetup: new Map() };
  const locals = [local(n('North'), room('North'), ['ana', 'ben', 'cy']), local(n('South'), room('South'), ['dee', 'eli']), local(n('East'), room('East'), ['fay', 'ana', 'gus'])];
  for (const a of locals) {
    model.assemblies.set(a.name, a);
    const [first, ...rest] = [...a.members.keys()];
    await ok(run(real, first!, a.room, `assembly setup ${a.name}`));
    // A run packs many commands into a few simulated minutes: the model is about votes, not flood limits.
    for (const key of ['flood-member-commands', 'flood-member-motions', 'flood-room-motions']) await ok(run(real, first!, a.room, `assembly policy ${key} 100000`));
    for (const u of rest) await ok(run(real, u, a.room, 'join'));
  }
  const district: ModelAssembly = { name: model.district, room: room('District'), kind: 'delegates', members: new Map(), motions: 0, inFederation: false };
  model.assemblies.set(district.name, district);
  await ok(run(real, 'founder', room('Valley'), `federation create ${model.federation} --purpose "Model run ${tag}"`));
  await ok(run(real, 'founder', district.room, `federation assembly ${district.name} --federation ${model.federation}`));
  for (const [a, delegate] of [[locals[0]!, 'ana'], [locals[1]!, 'dee']] as const) {
    await joinFederation(model, real, a);
    await elect(model, real, a, delegate);
  }
  for (const a of model.assemblies.values()) {
    const found = await s.deps.store.read.assemblyByName(a.name);
    real.ids.set(a.name, found!.id);
  }
  for (const u of USERS) real.persons.set(u, (await s.deps.store.read.personByAccount('console', u))!.id);
  await prefillLapsed(model, real, locals[2]!, prefill);
  for (const a of model.assemblies.values()) real.fromSetup.set(a.name, a.motions);
  await compare(model, real, true);
  return { model, real };
}

/**
 * Motions that lapsed without ballots, written straight to the store in one
 * transaction (through the command table each would cost a transaction of its
 * own on every run): they only push the next motion numbers past 10 and 100.
 */
async function prefillLapsed(m: Model, r: Real, a: ModelAssembly, count: number): Promise<void> {
  if (count === 0) return;
  const assemblyId = r.ids.get(a.name)!;
  const at = new Date(m.now);
  const eligible = activeMembers(a).length;
  await r.s.deps.store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const quorum = { num: 1, den: 10, strict: false };
      const motion = await tx.createMotion({ assemblyId, kind: 'resolution', method: 'yes-no-abstain', title: `Lapsed ${i + 1}`, body: '', options: [], seats: 1, quorum, threshold: { num: 1, den: 2, strict: true }, secret: false, secondsRequired: 0, movedById: r.persons.get('fay')!, payload: {}, votingHours: 1, status: 'open', opensAt: at, closesAt: at });
      const tally = { yes: 0, no: 0, abstain: 0 };
      // The record as the bot writes it (audit verify checks every stored motion against it).
      await tx.appendEvent(assemblyId, { type: 'motion.proposed', actorId: r.persons.get('fay')!, payload: { motion: motion.number, kind: motion.kind, method: motion.method, title: motion.title, secret: false } }, at);
      await tx.appendEvent(assemblyId, { type: 'motion.opened', actorId: null, payload: { motion: motion.number, closesAt: at.toISOString() } }, at);
      await tx.updateMotion(motion.id, { status: 'failed', closedAt: at, result: { outcome: 'failed', eligible, ballots: 0, quorumMet: false, summary: 'The quorum was not met.', tally, winners: [] } });
      await tx.appendEvent(assemblyId, { type: 'motion.closed', actorId: null, payload: { motion: motion.number, reason: 'deadline', outcome: 'failed', ballots: 0, eligible, quorumMet: false, tally, winners: [] } }, at);
      const x = addMotion(m, a.name, 'resolution', 0);
      x.status = 'failed';
      x.result = { ballots: 0, eligible, tally };
    }
  });
}

function describeBallot(choice: Choice, options: readonly string[]): string {
  if (choice.kind === 'yes-no-abstain') return choice.value;
  if (choice.kind === 'ranked') return options[choice.ranking[0] ?? -1] ?? '?';
  return choice.approved.map((i) => options[i]).join(',');
}

/** The real system agrees with the model: members, seats, every motion's status, ballots and result. */
export async function compare(m: Model, r: Real, all = false): Promise<void> {
  const reads = r.s.deps.store.read;
  const userOf = new Map([...r.persons].map(([u, id]) => [id, u]));
  for (const a of m.assemblies.values()) {
    const id = r.ids.get(a.name)!;
    const members = Object.fromEntries((await reads.members(id)).filter((x) => x.status !== 'pending').map((x) => [userOf.get(x.personId) ?? x.personId, x.status]));
    expect(members, `members of ${a.name}`).toEqual(Object.fromEntries(a.members));
    const motions = await reads.motions(id);
    expect(motions.length, `motions in ${a.name}`).toBe(a.motions);
    const byNumber = new Map(motions.map((x) => [x.number, x]));
    for (const x of m.motions) {
      if (x.assembly !== a.name || (!all && x.number <= (r.fromSetup.get(a.name) ?? 0))) continue;
      const real = byNumber.get(x.number)!;
      const where = `${a.name}#${x.number} (${x.kind})`;
      expect(real.status, `status of ${where}`).toBe(x.status);
      const ballots = Object.fromEntries((await reads.ballots(real.id)).map((b) => [userOf.get(b.personId) ?? b.personId, describeBallot(b.choice, real.options)]));
      if (x.status === 'open') expect(ballots, `ballots on ${where}`).toEqual(Object.fromEntries(x.ballots));
      if (x.result) {
        expect({ ballots: real.result?.ballots, eligible: real.result?.eligible }, `turnout of ${where}`).toEqual({ ballots: x.result.ballots, eligible: x.result.eligible });
        if (x.result.tally) expect(real.result?.tally, `tally of ${where}`).toEqual(x.result.tally);
        // What stays stored after the close is exactly what was counted.
        expect(Object.keys(ballots).length, `stored ballots of ${where}`).toBe(x.result.ballots);
      }
    }
  }
  const seats = (await reads.seats({ parentAssemblyId: r.ids.get(m.district)!, status: 'active' })).map((s) => {
    const home = [...r.ids].find(([, id]) => id === s.homeAssemblyId)?.[0];
    return `${home}:${userOf.get(s.personId)}`;
  });
  expect(seats.sort(), 'seats in the delegates’ assembly').toEqual(m.seats.map((s) => `${s.home}:${s.person}`).sort());
}

/** The end of a run: everything due closes, the model agrees, and every chain verifies and recounts. */
export async function finish(m: Model, r: Real): Promise<void> {
  r.s.clock.advance(100 * 24 * HOUR);
  m.now += 100 * 24 * HOUR;
  await closeDueMotions(r.s.deps);
  sweep(m);
  await compare(m, r, true);
  for (const id of r.ids.values()) {
    const audit = await auditAssembly(r.s.deps.store.read, (await r.s.deps.store.read.assembly(id))!);
    expect(audit.chain, `chain of ${audit.assembly.name}`).toEqual([]);
    expect(audit.mismatches, `recount of ${audit.assembly.name}`).toEqual([]);
  }
}
