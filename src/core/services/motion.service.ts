import type { Actor, Assembly, Motion, RoomRef } from '../model/entities.js';
import { kindDefaults, type MotionKind, type VotingMethod } from '../model/policy.js';
import type { StoreTx } from '../ports/store.port.js';
import type { PersonId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { cleanText, LIMITS } from '../shared/text.js';
import { assemblyOfRoom, type Lookups } from './assembly.service.js';
import type { CoreDeps } from './deps.js';
import { personFor } from './identity.service.js';
import { motionAnnouncement, resultMessage } from '../messages/motion-messages.js';
import { motionDeadlineRow } from './motion-deadline.js';
import { parseMotionRef } from './motion-ref.js';
import { mayWithdraw } from '../authority/authority.js';
import { mayMoveKindIn } from '../authority/kind-reach.js';
import { errT } from '../i18n/localized.js';
import { roomSpeech } from '../i18n/audience.js';

export interface ProposeInput {
  readonly kind: MotionKind;
  readonly title: string;
  readonly body?: string | undefined;
  readonly method?: VotingMethod | undefined;
  readonly options?: readonly string[] | undefined;
  readonly seats?: number | undefined;
  readonly secret?: boolean | undefined;
  readonly hours?: number | undefined;
  readonly payload?: Readonly<Record<string, unknown>> | undefined;
}

const HOUR = 3_600_000;

/** Resolves `12`, `#12` (this room's assembly) or `Name#12` (any assembly, e.g. from a DM); the grammar is `parseMotionRef`'s. */
export async function resolveMotion(reads: Lookups, room: RoomRef, ref: string): Promise<Result<{ motion: Motion; assembly: Assembly }>> {
  const parsed = parseMotionRef(ref);
  if (!parsed.ok) return parsed;
  const { assemblyName, number } = parsed.value;
  let assembly: Assembly | null;
  if (assemblyName !== null) {
    assembly = await reads.assemblyByName(assemblyName);
    if (!assembly) return errT('not-found', 'motion.refused.noAssembly', { name: assemblyName });
  } else {
    const a = await assemblyOfRoom(reads, room);
    if (!a.ok) return errT(a.error.code, 'motion.refused.fromElsewhere', { reason: a.error.message, number });
    assembly = a.value;
  }
  const motion = await reads.motionByNumber(assembly.id, number);
  if (!motion) return errT('not-found', 'motion.refused.noMotion', { assembly: assembly.name, number });
  return ok({ motion, assembly });
}

function defaultMethod(kind: MotionKind): VotingMethod {
  return kind === 'election' ? 'ranked' : 'yes-no-abstain';
}

function checkShape(input: ProposeInput): Result<{ title: string; body: string; method: VotingMethod; options: string[]; seats: number }> {
  const title = cleanText('title', input.title, LIMITS.title);
  if (!title.ok) return title;
  const body = cleanText('text', input.body ?? '', LIMITS.body, { multiline: true, allowEmpty: true });
  if (!body.ok) return body;
  const method = input.method ?? defaultMethod(input.kind);
  const options: string[] = [];
  for (const raw of input.options ?? []) {
    const o = cleanText('option', raw, LIMITS.option);
    if (!o.ok) return o;
    if (options.some((x) => x.toLowerCase() === o.value.toLowerCase())) return errT('bad-input', 'motion.refused.optionTwice', { option: o.value });
    options.push(o.value);
  }
  const most = method === 'ranked' ? LIMITS.rankedOptions : LIMITS.options;
  if (options.length > most) return errT('too-long', 'motion.refused.tooManyOptions', { most, ranked: LIMITS.rankedOptions, method: method === 'ranked' ? 'ranked' : 'other' });
  const seats = input.seats ?? 1;
  if (method === 'yes-no-abstain') {
    if (options.length > 0) return errT('bad-input', 'motion.refused.yesNoOptions');
    if (seats !== 1) return errT('bad-input', 'motion.refused.seatsMethod');
  } else {
    if (options.length < 2) return errT('bad-input', 'motion.refused.twoOptions', { method });
    if (!Number.isInteger(seats) || seats < 1 || seats >= options.length) return errT('bad-input', 'motion.refused.seats', { most: options.length - 1 });
  }
  if (input.hours !== undefined && (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > 24 * 90)) return errT('bad-input', 'motion.refused.hours');
  return ok({ title: title.value, body: body.value, method, options, seats });
}

/**
 * Creates a motion inside an existing transaction (used by `propose` and by
 * effects that put motions on an agenda: by-elections, forwarded texts).
 * The caller has checked who may move it; announcing is the caller's job.
 */
export async function moveMotionIn(tx: StoreTx, deps: CoreDeps, assembly: Assembly, moverId: PersonId | null, input: ProposeInput): Promise<Result<{ motion: Motion; assembly: Assembly; effect: string }>> {
  const handler = deps.kinds.get(input.kind);
  if (!handler) return errT('bad-input', 'motion.refused.kindHere', { kind: input.kind });
  const where = mayMoveKindIn(input.kind, assembly);
  if (!where.ok) return where;
  const shape = checkShape(input);
  if (!shape.ok) return shape;
  const now = deps.clock.now();
  // The defaults the motion keeps for life come from the rules as they stand under the assembly's lock
  // (numbering the motion takes that lock anyway), not from the caller's earlier read.
  const rules = (await tx.lockAssembly(assembly.id))?.policy ?? assembly.policy;
  const payload = await handler.prepare(tx, assembly, input.payload ?? {}, now, deps);
  if (!payload.ok) return payload;
  const d = kindDefaults(rules, input.kind);
  const hours = input.hours ?? d.votingHours;
  const seconds = rules.secondsRequired;
  const openNow = seconds === 0;
  const motion = await tx.createMotion({
    assemblyId: assembly.id,
    kind: input.kind,
    method: shape.value.method,
    title: shape.value.title,
    body: shape.value.body,
    options: shape.value.options,
    seats: shape.value.seats,
    quorum: d.quorum,
    threshold: d.threshold,
    secret: input.secret ?? d.secret,
    secondsRequired: seconds,
    movedById: moverId,
    payload: payload.value,
    votingHours: hours,
    status: openNow ? 'open' : 'proposed',
    opensAt: openNow ? now : null,
    // An unseconded motion lapses after one voting period.
    closesAt: new Date(now.getTime() + hours * HOUR),
  });
  await tx.appendEvent(assembly.id, { type: 'motion.proposed', actorId: moverId, payload: { motion: motion.number, kind: motion.kind, method: motion.method, title: motion.title, secret: motion.secret } }, now);
  // Open, it closes then; unseconded, it lapses then.
  if (motion.closesAt) await enqueueDeadline(tx, motion.closesAt);
  if (openNow) await tx.appendEvent(assembly.id, { type: 'motion.opened', actorId: null, payload: { motion: motion.number, closesAt: motion.closesAt?.toISOString() ?? null } }, now);
  return ok({ motion, assembly, effect: handler.describe(motion, roomSpeech(assembly.policy)) });
}

/** Any active member may move a motion; it opens at once unless the assembly requires seconds. */
export async function propose(deps: CoreDeps, actor: Actor, room: RoomRef, input: ProposeInput): Promise<Result<Motion>> {
  const result = await deps.store.transaction(async (tx): Promise<Result<{ motion: Motion; assembly: Assembly; effect: string }>> => {
    const a = await assemblyOfRoom(tx, room);
    if (!a.ok) return a;
    const assembly = a.value;
    const person = await personFor(tx, actor);
    const membership = await tx.membership(assembly.id, person.id);
    if (membership?.status === 'excluded') return errT('excluded', 'motion.refused.excluded', { assembly: assembly.name });
    if (membership?.status !== 'active') return errT('not-member', 'motion.refused.members', { assembly: assembly.name });
    return moveMotionIn(tx, deps, assembly, person.id, input);
  });
  if (!result.ok) return result;
  await deps.announcer.announce(result.value.assembly.id, motionAnnouncement(result.value.assembly, result.value.motion, result.value.effect, undefined, deps.clock.now()), `motion-${result.value.motion.status}:${result.value.motion.id}`);
  return ok(result.value.motion);
}


/** Seconding by other members; the motion opens when enough have seconded. */
export async function second(deps: CoreDeps, actor: Actor, room: RoomRef, ref: string): Promise<Result<{ motion: Motion; count: number; opened: boolean }>> {
  const r = await secondTx(deps, actor, room, ref);
  if (r.ok && r.value.opened) {
    const assembly = await deps.store.read.assembly(r.value.motion.assemblyId);
    if (assembly) await deps.announcer.announce(assembly.id, motionAnnouncement(assembly, r.value.motion, deps.kinds.get(r.value.motion.kind)?.describe(r.value.motion, roomSpeech(assembly.policy)), undefined, deps.clock.now()), `motion-open:${r.value.motion.id}`);
  }
  return r;
}

async function secondTx(deps: CoreDeps, actor: Actor, room: RoomRef, ref: string): Promise<Result<{ motion: Motion; count: number; opened: boolean }>> {
  return deps.store.transaction(async (tx) => {
    const r = await resolveMotion(tx, room, ref);
    if (!r.ok) return r;
    const { assembly } = r.value;
    const motion = await tx.lockMotion(r.value.motion.id);
    if (!motion) return errT('not-found', 'motion.refused.gone');
    const person = await personFor(tx, actor);
    const m = await tx.membership(assembly.id, person.id);
    if (m?.status !== 'active') return errT('not-member', 'motion.refused.secondMembers', { assembly: assembly.name });
    if (motion.status !== 'proposed') return errT('closed', 'motion.refused.secondStatus', { number: motion.number, status: motion.status });
    if (motion.movedById === person.id) return errT('bad-input', 'motion.refused.secondOwn');
    const added = await tx.addSecond(motion.id, person.id);
    if (!added) return errT('conflict', 'motion.refused.secondedAlready', { number: motion.number });
    const now = deps.clock.now();
    await tx.appendEvent(assembly.id, { type: 'motion.seconded', actorId: person.id, payload: { motion: motion.number } }, now);
    const count = (await tx.seconds(motion.id)).length;
    if (count < motion.secondsRequired) return ok({ motion, count, opened: false });
    const closesAt = new Date(now.getTime() + motion.votingHours * HOUR);
    const opened = await tx.updateMotion(motion.id, { status: 'open', opensAt: now, closesAt });
    await tx.appendEvent(assembly.id, { type: 'motion.opened', actorId: null, payload: { motion: motion.number, closesAt: closesAt.toISOString() } }, now);
    await enqueueDeadline(tx, closesAt);
    // Open now: the next sweep plans its reminders.
    await tx.setReminderAt(motion.id, new Date(0));
    return ok({ motion: opened, count, opened: true });
  });
}

/** Only the mover, still a member, may withdraw, and only before the motion closes (src/core/authority decides who). */
export async function withdraw(deps: CoreDeps, actor: Actor, room: RoomRef, ref: string): Promise<Result<{ motion: Motion }>> {
  const r = await withdrawTx(deps, actor, room, ref);
  if (r.ok) {
    const assembly = await deps.store.read.assembly(r.value.motion.assemblyId);
    // Same ref as the announcement: adapters disable its vote controls.
    if (assembly) await deps.announcer.announce(assembly.id, resultMessage(assembly, r.value.motion), `motion-result:${r.value.motion.id}`);
  }
  return r;
}

async function withdrawTx(deps: CoreDeps, actor: Actor, room: RoomRef, ref: string): Promise<Result<{ motion: Motion }>> {
  return deps.store.transaction(async (tx) => {
    const r = await resolveMotion(tx, room, ref);
    if (!r.ok) return r;
    const motion = await tx.lockMotion(r.value.motion.id);
    if (!motion) return errT('not-found', 'motion.refused.gone');
    const person = await personFor(tx, actor);
    const allowed = await mayWithdraw(tx, person.id, motion, r.value.assembly);
    if (!allowed.ok) return allowed;
    if (motion.status !== 'proposed' && motion.status !== 'open') return errT('closed', 'motion.refused.already', { number: motion.number, status: motion.status });
    const now = deps.clock.now();
    const updated = await tx.updateMotion(motion.id, { status: 'withdrawn', closedAt: now });
    await tx.appendEvent(r.value.assembly.id, { type: 'motion.withdrawn', actorId: person.id, payload: { motion: motion.number } }, now);
    return ok({ motion: updated });
  });
}

function enqueueDeadline(tx: StoreTx, closesAt: Date): Promise<void> {
  const row = motionDeadlineRow(closesAt);
  return tx.enqueue(row.kind, row.dedupeKey, row.payload, row.availableAt);
}
