import { describe, expect, it } from 'vitest';
import { levelOf, missingCapabilities, parsePowerLevels, stateLevel, withUserLevel } from '../../../src/adapters/matrix/power-levels.js';
import { mayJoin, parseAutojoinPolicy } from '../../../src/adapters/matrix/autojoin-policy.js';

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

describe('GIVEN MATRIX_AUTOJOIN', () => {
  it('THEN unset means any, off means none, and a list matches rooms, inviters and their homeservers', () => {
    expect(mayJoin(parseAutojoinPolicy(undefined).ok ? { kind: 'any' } : { kind: 'off' }, '!r:x', '@a:x')).toBe(true);
    const off = parseAutojoinPolicy('off');
    expect(off.ok && mayJoin(off.value, '!r:x', '@a:x')).toBe(false);
    const list = parseAutojoinPolicy('!room:other.org, @ana:else.org, Example.org');
    if (!list.ok) throw new Error(list.error.message);
    expect(mayJoin(list.value, '!room:other.org', '@zed:nowhere')).toBe(true);
    expect(mayJoin(list.value, '!x:y', '@ana:else.org')).toBe(true);
    expect(mayJoin(list.value, '!x:y', '@bob:example.org')).toBe(true);
    expect(mayJoin(list.value, '!x:example.org', '@bob:evil.org')).toBe(false);
    expect(parseAutojoinPolicy('not a thing!').ok).toBe(false);
  });
});
