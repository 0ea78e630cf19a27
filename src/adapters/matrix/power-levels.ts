/** The power levels of a room, with the defaults the spec gives missing keys. */
export interface PowerLevels {
  readonly users: Readonly<Record<string, number>>;
  readonly usersDefault: number;
  readonly eventsDefault: number;
  readonly stateDefault: number;
  readonly events: Readonly<Record<string, number>>;
  readonly invite: number;
  readonly kick: number;
  readonly ban: number;
  readonly redact: number;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : fallback);
const numbers = (v: unknown): Record<string, number> => {
  if (typeof v !== 'object' || v === null) return {};
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) {
    const n = num(x, Number.NaN);
    if (!Number.isNaN(n)) out[k] = n;
  }
  return out;
};

/**
 * Reads `m.room.power_levels` content. Missing keys take the spec defaults:
 * 50 for state events, kick, ban and redact, 0 for invite, messages and
 * users. Without the event the creator has 100 and everyone else 0; state
 * events still need 50 (since r0.5.0, MSC1304: older text said 0, and the
 * spec dropped it, matrix-spec#1479).
 */
export function parsePowerLevels(content: Readonly<Record<string, unknown>> | null, creator?: string): PowerLevels {
  if (!content) {
    return { users: creator ? { [creator]: 100 } : {}, usersDefault: 0, eventsDefault: 0, stateDefault: 50, events: {}, invite: 0, kick: 50, ban: 50, redact: 50 };
  }
  return {
    users: numbers(content.users),
    usersDefault: num(content.users_default, 0),
    eventsDefault: num(content.events_default, 0),
    stateDefault: num(content.state_default, 50),
    events: numbers(content.events),
    invite: num(content.invite, 0),
    kick: num(content.kick, 50),
    ban: num(content.ban, 50),
    redact: num(content.redact, 50),
  };
}

export const levelOf = (pl: PowerLevels, userId: string): number => pl.users[userId] ?? pl.usersDefault;
export const stateLevel = (pl: PowerLevels, type: string): number => pl.events[type] ?? pl.stateDefault;
export const eventLevel = (pl: PowerLevels, type: string): number => pl.events[type] ?? pl.eventsDefault;

/** The power-level content with one user's level set (or reset to the default when `level` is null). */
export function withUserLevel(content: Readonly<Record<string, unknown>> | null, userId: string, level: number | null): Record<string, unknown> {
  const base: Record<string, unknown> = { ...(content ?? {}) };
  const others = Object.entries(numbers(base.users)).filter(([u]) => u !== userId);
  base.users = Object.fromEntries(level === null ? others : [...others, [userId, level]]);
  return base;
}

export interface Capability {
  readonly what: string;
  readonly needs: number;
}

/**
 * What the bot needs in a room to run an assembly there: post announcements
 * and polls, invite delegates, remove people, change power levels (and grant
 * `grantLevel`, which the spec only allows up to one's own level).
 */
export function neededCapabilities(pl: PowerLevels, grantLevel: number): Capability[] {
  return [
    { what: 'post messages and polls', needs: Math.max(eventLevel(pl, 'm.room.message'), eventLevel(pl, 'org.matrix.msc3381.poll.start')) },
    { what: 'invite people', needs: pl.invite },
    { what: 'remove people (kick)', needs: pl.kick },
    { what: 'change power levels', needs: Math.max(stateLevel(pl, 'm.room.power_levels'), grantLevel) },
  ];
}

export function missingCapabilities(pl: PowerLevels, botId: string, grantLevel: number): string[] {
  const mine = levelOf(pl, botId);
  return neededCapabilities(pl, grantLevel)
    .filter((c) => c.needs > mine)
    .map((c) => `${c.what}: needs power level ${c.needs}, the bot has ${mine}`);
}

/** Where a user stands against the level a room asks for administering it. */
export interface AdminStanding {
  readonly admin: boolean;
  /** The level that may send `m.room.power_levels` here. */
  readonly needs: number;
  readonly has: number;
}

/**
 * Whether the room lets `userId` administer it, the way Matrix itself
 * decides it: whoever may change `m.room.power_levels` (its entry in
 * `events`, else `state_default`, 50 by default) controls the room, so only
 * they may make it an assembly.
 */
export function adminStanding(pl: PowerLevels, userId: string): AdminStanding {
  const needs = stateLevel(pl, 'm.room.power_levels');
  const has = levelOf(pl, userId);
  return { admin: has >= needs, needs, has };
}
