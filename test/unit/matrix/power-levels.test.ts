import { describe, expect, it } from 'vitest';
import { levelOf, missingCapabilities, parsePowerLevels, stateLevel, withUserLevel } from '../../../src/adapters/matrix/power-levels.js';

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
