import type { Actor, Assembly, Membership, RoomRef } from '../model/entities.js';
import { defaultPolicy, MAX_CHECKPOINT_HOURS, policySchema, WEB_VISIBILITIES, type Policy } from '../model/policy.js';
import type { StoreReads, StoreTx } from '../ports/store.port.js';
import { ok, type Result } from '../shared/result.js';
import { cleanName, lookAlike } from '../shared/names.js';
import { claimingName } from './name-race.js';
import { FLOOD_FIELDS, FLOOD_KEYS, FLOOD_UNITS } from './flood-policy.js';
import { applyMemberPolicy, isMemberPolicyKey, MEMBER_POLICY_KEYS } from './member-policy.js';
import { cleanText } from '../shared/text.js';
import type { CoreDeps } from './deps.js';
import { personFor } from './identity.service.js';
import { errT } from '../i18n/localized.js';
import { ENGLISH } from '../i18n/speech.js';

/** The refusal in a room that is no assembly (in English: `notBound().error.message`). */
const notBound = () => errT('not-found', 'assembly.refused.notBound');
export const NOT_BOUND = ENGLISH.t('assembly.refused.notBound');

/** The reads that resolve rooms and motions; the store or the vote path's cache. */
export type Lookups = Pick<StoreReads, 'bindingByRoom' | 'assembly' | 'assemblyByName' | 'motionByNumber'>;

export async function assemblyOfRoom(reads: Lookups, room: RoomRef): Promise<Result<Assembly>> {
  const binding = await reads.bindingByRoom(room.platform, room.roomId);
  if (!binding) return notBound();
  const assembly = await reads.assembly(binding.assemblyId);
  return assembly ? ok(assembly) : notBound();
}

/**
 * The room's assembly, locked for the rest of the transaction and read as
 * committed now: for decisions that apply its rules (admission, a settings
 * change), so that no change to those rules commits between reading and acting.
 */
export async function lockedAssemblyOfRoom(tx: StoreTx, room: RoomRef): Promise<Result<Assembly>> {
  const a = await assemblyOfRoom(tx, room);
  if (!a.ok) return a;
  const locked = await tx.lockAssembly(a.value.id);
  return locked ? ok(locked) : notBound();
}

/**
 * Turns a room into a new local assembly (or binds it to an existing one the
 * caller facilitates). The person who sets it up becomes its first facilitator.
 */
export async function setupAssembly(deps: CoreDeps, actor: Actor, room: RoomRef, rawName: string, existing: boolean): Promise<Result<{ assembly: Assembly; created: boolean }>> {
  const name = cleanName('assembly name', rawName);
  if (!name.ok) return name;
  return claimingName<{ assembly: Assembly; created: boolean }>(deps, name.value, async () => (await deps.store.read.assemblyByName(name.value))?.name, deps.store.transaction(async (tx) => {
    const bound = await tx.bindingByRoom(room.platform, room.roomId);
    if (bound) {
      const a = await tx.assembly(bound.assemblyId);
      return errT('conflict', 'assembly.refused.roomBound', { assembly: a?.name ?? '?' });
    }
    const person = await personFor(tx, actor);
    const now = deps.clock.now();
    if (existing) {
      const assembly = await tx.assemblyByName(name.value);
      if (!assembly) return errT('not-found', 'assembly.refused.noSuch', { name: name.value });
      const m = await tx.membership(assembly.id, person.id);
      if (m?.role !== 'facilitator' || m.status !== 'active') return errT('forbidden', 'assembly.refused.bindFacilitator', { assembly: assembly.name });
      await tx.bindRoom({ ...room, assemblyId: assembly.id, purpose: 'main' });
      await tx.appendEvent(assembly.id, { type: 'room.bound', actorId: person.id, payload: { platform: room.platform, roomId: room.roomId } }, now);
      return ok({ assembly, created: false });
    }
    const taken = await tx.assemblyByName(name.value);
    if (taken) return errT('conflict', 'assembly.refused.nameTaken', { name: taken.name, lookAlike: lookAlike(taken.name, name.value) });
    const assembly = await tx.createAssembly({ kind: 'local', name: name.value, level: 0, parentAssemblyId: null, policy: defaultPolicy() });
    await tx.appendEvent(assembly.id, { type: 'assembly.created', actorId: person.id, payload: { name: assembly.name, kind: assembly.kind } }, now);
    await tx.bindRoom({ ...room, assemblyId: assembly.id, purpose: 'main' });
    await tx.appendEvent(assembly.id, { type: 'room.bound', actorId: person.id, payload: { platform: room.platform, roomId: room.roomId } }, now);
    await tx.upsertMembership({ assemblyId: assembly.id, personId: person.id, status: 'active', role: 'facilitator' });
    await tx.appendEvent(assembly.id, { type: 'member.joined', actorId: person.id, payload: { personId: person.id, role: 'facilitator' } }, now);
    return ok({ assembly, created: true });
  }));
}

export const POLICY_KEYS = ['admission', 'values', 'seconds', 'early-close', 'remove-excluded', 'quorum', 'threshold', 'hours', 'secret', 'delegate-seats', 'checkpoint-hours', 'electorate', 'web-visibility', ...FLOOD_KEYS, ...MEMBER_POLICY_KEYS] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

/**
 * Applies one `key value` change to a policy, validating it. Per-kind defaults
 * take `kind` (quorum/threshold/hours/secret). Shared by the facilitator
 * command and by passed `policy` motions.
 */
export function applyPolicyChange(policy: Policy, key: PolicyKey, value: string, kind?: string): Result<Policy> {
  let next: Policy = structuredClone(policy);
  if (isMemberPolicyKey(key)) {
    const changed = applyMemberPolicy(next, key, value);
    if (!changed.ok) return changed;
    next = changed.value;
  }
  const bool = (v: string): boolean | null => (['true', 'yes', 'on', '1'].includes(v.toLowerCase()) ? true : ['false', 'no', 'off', '0'].includes(v.toLowerCase()) ? false : null);
  switch (key) {
    case 'admission': {
      if (!['open', 'approval', 'invite'].includes(value)) return errT('bad-input', 'policy.refused.admission');
      next.admission = value as Policy['admission'];
      break;
    }
    case 'values': {
      const t = cleanText('values statement', value, 2000, { multiline: true, allowEmpty: true });
      if (!t.ok) return t;
      if (t.value === '') delete next.valuesStatement;
      else next.valuesStatement = t.value;
      break;
    }
    case 'seconds': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 50) return errT('bad-input', 'policy.refused.seconds');
      next.secondsRequired = n;
      break;
    }
    case 'early-close':
    case 'remove-excluded': {
      const b = bool(value);
      if (b === null) return errT('bad-input', 'policy.refused.bool', { key });
      if (key === 'early-close') next.earlyClose = b;
      else next.removeExcludedFromRooms = b;
      break;
    }
    case 'electorate': {
      // "role:<@&123>" (a Discord role mention), "role:123", or "commands" (members join by command again).
      const v = value.trim();
      if (/^(commands|open|none)$/i.test(v)) {
        delete next.electorateRole;
        break;
      }
      const role = /^role:\s*(?:<@&(\d{1,25})>|(\d{1,25}))$/i.exec(v);
      if (!role) return errT('bad-input', 'policy.refused.electorate');
      next.electorateRole = role[1] ?? role[2] ?? '';
      break;
    }
    case 'checkpoint-hours': {
      const n = Number(value);
      if (!/^\s*\d+\s*$/.test(value) || n > MAX_CHECKPOINT_HOURS) return errT('bad-input', 'policy.refused.checkpointHours', { max: MAX_CHECKPOINT_HOURS });
      next.checkpointHours = n;
      break;
    }
    case 'web-visibility': {
      if (!(WEB_VISIBILITIES as readonly string[]).includes(value)) return errT('bad-input', 'policy.refused.webVisibility');
      next.webVisibility = value as Policy['webVisibility'];
      break;
    }
    case 'delegate-seats': {
      // "2" = two seats per member assembly; "proportional 100 5" = one per 100 members, 1 to 5.
      const fixed = /^\s*(\d{1,2})\s*$/.exec(value);
      const prop = /^\s*proportional\s+(\d{1,7})(?:\s+(\d{1,2}))?\s*$/i.exec(value);
      if (fixed && Number(fixed[1]) >= 1 && Number(fixed[1]) <= 50) next.seats = { ...next.seats, mode: 'fixed', count: Number(fixed[1]) };
      else if (prop && Number(prop[1]) >= 1) next.seats = { ...next.seats, mode: 'proportional', membersPerSeat: Number(prop[1]), max: Math.min(50, Math.max(1, Number(prop[2] ?? next.seats.max))) };
      else return errT('bad-input', 'policy.refused.delegateSeats');
      break;
    }
    case 'flood-member-commands':
    case 'flood-member-motions':
    case 'flood-room-commands':
    case 'flood-room-motions': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 100_000) return errT('bad-input', 'policy.refused.flood', { key, unit: FLOOD_UNITS[key] });
      next.flood = { ...next.flood, [FLOOD_FIELDS[key]]: n };
      break;
    }
    case 'extend-hours':
    case 'reminders':
    case 'threads':
    case 'election-candidates':
    case 'language':
    case 'timezone':
      break;
    case 'quorum':
    case 'threshold':
    case 'hours':
    case 'secret': {
      if (!kind) return errT('bad-input', 'policy.refused.perKind', { key });
      const current = next.defaults[kind] ?? {};
      if (key === 'hours') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 24 * 90) return errT('bad-input', 'policy.refused.hours');
        current.votingHours = n;
      } else if (key === 'secret') {
        const b = bool(value);
        if (b === null) return errT('bad-input', 'policy.refused.bool', { key: 'secret' });
        current.secret = b;
      } else {
        const r = parseRatio(value);
        if (!r.ok) return r;
        current[key] = r.value;
      }
      next.defaults[kind] = current;
      break;
    }
  }
  const parsed = policySchema.safeParse(next);
  return parsed.success ? ok(parsed.data) : errT('bad-input', 'policy.refused.invalid');
}

/** "2/3", ">1/2" (strictly more than), "10%", "0" → a ratio. */
export function parseRatio(raw: string): Result<Policy['defaults'][string]['quorum'] & object> {
  const s = raw.trim();
  const strict = s.startsWith('>');
  const body = strict ? s.slice(1) : s;
  let m = /^(\d+)\s*\/\s*(\d+)$/.exec(body);
  if (m) {
    const num = Number(m[1]);
    const den = Number(m[2]);
    if (den === 0 || num > den) return errT('bad-input', 'policy.refused.shareRange', { raw });
    return ok({ num, den, strict });
  }
  m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(body);
  if (m) {
    const pct = Number(m[1]);
    if (pct > 100) return errT('bad-input', 'policy.refused.sharePercent', { raw });
    return ok({ num: Math.round(pct * 100), den: 10000, strict });
  }
  return errT('bad-input', 'policy.refused.share', { raw });
}

export async function membershipOf(reads: StoreReads, assembly: Assembly, actor: Actor): Promise<Membership | null> {
  const person = await reads.personByAccount(actor.platform, actor.externalId);
  return person ? reads.membership(assembly.id, person.id) : null;
}

export async function isFacilitator(tx: StoreTx | StoreReads, assembly: Assembly, actor: Actor): Promise<boolean> {
  const m = await membershipOf(tx, assembly, actor);
  return m?.status === 'active' && m.role === 'facilitator';
}
