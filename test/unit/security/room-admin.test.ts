import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../../src/adapters/console/console-session.js';
import { Scenario } from '../../../src/core/testing/scenario.js';
import { federationCommands } from '../../../src/core/federation/federation.commands.js';
import { circleCommands } from '../../../src/core/federation/circle.commands.js';

const extraCommands = [...federationCommands, ...circleCommands];

/** A scenario where `owner` administers every room it names first; strangers never do. */
function world(): Scenario {
  const s = new Scenario({ extraCommands });
  for (const room of ['#hall', '#valley', '#middle', '#workshop', '#lobby']) s.admins.set(`console:${room}`, 'owner', true);
  return s;
}

describe('GIVEN a community room whose platform administrator is "owner"', () => {
  it.each([
    ['assembly setup "Riverside"', '#lobby'],
    ['federation create "Valley Transport" --purpose "Buses"', '#lobby'],
  ])('WHEN a passer-by runs `%s` THEN it is refused as not-room-admin and the room stays unbound', async (line, room) => {
    const s = world();
    const r = await s.run('stranger', room, line);
    expect(r.ok).toBe(false);
    expect(r.first.title).toBe('Not allowed');
    expect(r.text).toContain('administers this room');
    expect(await s.deps.store.read.bindingByRoom('console', room)).toBeNull();
    // The room's own administrator still can.
    expect((await s.run('owner', room, line)).ok).toBe(true);
  });

  it('WHEN a member of a local assembly (not the room admin) makes a stranger channel a circle or an assembly of delegates THEN both are refused', async () => {
    const s = world();
    expect((await s.run('owner', '#hall', 'assembly setup "Riverside"')).ok).toBe(true);
    expect((await s.run('ben', '#hall', 'join')).ok).toBe(true);
    expect((await s.run('owner', '#valley', 'federation create "Valley" --purpose "Buses"')).ok).toBe(true);
    const circle = await s.run('ben', '#workshop', 'circle create "Workshop" --assembly Riverside');
    expect(circle.first.title).toBe('Not allowed');
    const middle = await s.run('ben', '#middle', 'federation assembly "Middle" --federation Valley');
    expect(middle.first.title).toBe('Not allowed');
    expect(await s.deps.store.read.bindingByRoom('console', '#workshop')).toBeNull();
    expect(await s.deps.store.read.bindingByRoom('console', '#middle')).toBeNull();
  });

  it('WHEN the room admin binds the room to an assembly they do not facilitate THEN it is refused (room admin AND facilitator of the target)', async () => {
    const s = world();
    expect((await s.run('owner', '#hall', 'assembly setup "Riverside"')).ok).toBe(true);
    s.admins.set('console:#annex', 'mallory', true);
    const r = await s.run('mallory', '#annex', 'assembly setup Riverside --existing');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('Only a facilitator of "Riverside"');
    expect((await s.run('owner', '#hall', 'members')).ok).toBe(true);
    s.admins.set('console:#annex', 'owner', true);
    expect((await s.run('owner', '#annex', 'assembly setup Riverside --existing')).ok).toBe(true);
  });
});

describe('GIVEN the console, where the first user to act in a room administers it', () => {
  const session = () => {
    const s = new Scenario();
    const out: string[] = [];
    return { c: new ConsoleSession(s.deps, s.table, { write: (t: string) => out.push(t) }), out, s };
  };

  it('WHEN a second user sets up a room alice opened THEN it is refused, and /admin on lets them', async () => {
    const { c, out, s } = session();
    await c.line('help');
    await c.line('/as mallory');
    await c.line('assembly setup "Stolen Hall"');
    expect(out.join('')).toContain('Not allowed');
    expect(await s.deps.store.read.bindingByRoom('console', 'town-square')).toBeNull();
    await c.line('/admin on');
    await c.line('assembly setup "Granted Hall"');
    expect(out.join('')).toContain('Granted Hall is now an assembly');
  });

  it('WHEN the first user turns /admin off THEN their own setup is refused', async () => {
    const { c, out } = session();
    expect((await c.line('/admin off')).parsed).toBe(true);
    await c.line('assembly setup "Hall"');
    expect(out.join('')).toContain('Not allowed');
    expect((await c.line('/admin maybe')).parsed).toBe(false);
  });
});
