import { describe, expect, it } from 'vitest';
import { adminStanding, levelOf, missingCapabilities, parsePowerLevels, stateLevel, withUserLevel } from '../../../src/adapters/matrix/power-levels.js';

describe('GIVEN a room\'s power levels', () => {
  it('THEN missing keys take the spec defaults', () => {
    const pl = parsePowerLevels({ users: { '@a:x': 100 } });
    expect([pl.kick, pl.invite, pl.stateDefault, pl.usersDefault]).toEqual([50, 0, 50, 0]);
    expect(stateLevel(parsePowerLevels(null, '@a:x'), 'm.room.power_levels')).toBe(50);
    expect(levelOf(parsePowerLevels(null, '@a:x'), '@a:x')).toBe(100);
  });

  it('THEN the bot learns what it lacks, including granting above its own level', () => {
    const content = { users: { '@bot:x': 50 }, events: { 'm.room.power_levels': 100 }, invite: 50 };
    expect(missingCapabilities(parsePowerLevels(content), '@bot:x', 10)).toEqual(['change power levels: needs power level 100, the bot has 50']);
    expect(missingCapabilities(parsePowerLevels({ users: { '@bot:x': 100 } }), '@bot:x', 10)).toEqual([]);
    expect(missingCapabilities(parsePowerLevels({ users: { '@bot:x': 100 } }), '@bot:x', 101)).toEqual(['change power levels: needs power level 101, the bot has 100']);
  });

  it('THEN one user is raised or reset without touching the rest', () => {
    const content = { users: { '@a:x': 100, '@d:x': 10 }, kick: 50 };
    expect(withUserLevel(content, '@e:x', 10)).toEqual({ users: { '@a:x': 100, '@d:x': 10, '@e:x': 10 }, kick: 50 });
    expect(withUserLevel(content, '@d:x', null)).toEqual({ users: { '@a:x': 100 }, kick: 50 });
  });
});

describe('GIVEN who may administer a room', () => {
  it('THEN it is whoever may send m.room.power_levels: its events entry, else state_default, else 50', () => {
    expect(adminStanding(parsePowerLevels({ users: { '@a:x': 100, '@m:x': 50 }, events: { 'm.room.power_levels': 100 } }), '@m:x')).toEqual({ admin: false, needs: 100, has: 50 });
    expect(adminStanding(parsePowerLevels({ users: { '@m:x': 50 }, state_default: 50 }), '@m:x')).toEqual({ admin: true, needs: 50, has: 50 });
    expect(adminStanding(parsePowerLevels({ users: {}, state_default: 75 }), '@m:x')).toEqual({ admin: false, needs: 75, has: 0 });
    expect(adminStanding(parsePowerLevels({ users_default: 60 }), '@m:x')).toEqual({ admin: true, needs: 50, has: 60 });
    // No power-levels event at all: the creator has 100, everyone else 0.
    expect(adminStanding(parsePowerLevels(null, '@a:x'), '@a:x').admin).toBe(true);
    expect(adminStanding(parsePowerLevels(null, '@a:x'), '@z:x')).toEqual({ admin: false, needs: 50, has: 0 });
  });
});
