import { describe, expect, it } from 'vitest';
import { federationModule } from '../../../src/core/federation/index.js';
import { lawModule } from '../../../src/core/laws/index.js';
import { relayModule } from '../../../src/core/relay/index.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

function lawScenario(): Scenario {
  const f = federationModule();
  const r = relayModule();
  const l = lawModule();
  return new Scenario({ extraCommands: [...f.commands, ...r.commands, ...l.commands], extraKinds: [...f.kinds, ...r.kinds, ...l.kinds], observers: f.observers });
}

async function ok(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (!r.ok) throw new Error(r.text);
  return r.text;
}

async function refused(p: Promise<{ ok: boolean; text: string }>): Promise<string> {
  const r = await p;
  if (r.ok) throw new Error(`expected a refusal, got: ${r.text}`);
  return r.text;
}

/** A town of three (ana facilitates) and, optionally, a second town. */
async function town(s: Scenario, name: string, room: string, people: readonly string[]): Promise<void> {
  const [first, ...rest] = people;
  if (!first) throw new Error('nobody');
  await ok(s.run(first, room, `assembly setup ${name}`));
  for (const p of rest) await ok(s.run(p, room, 'join'));
}

/** Everyone votes yes on motion n in the room (early close passes it). */
async function pass(s: Scenario, room: string, people: readonly string[], n: number): Promise<void> {
  for (const p of people) await ok(s.run(p, room, `vote ${n} yes`));
}

const NORTH = ['ana', 'ben', 'cy'];

describe('GIVEN a local assembly passing resolutions', () => {
  it('THEN each becomes a numbered law in force; amend-law adds a version with its diff; repeal-law ends it; all in the record', async () => {
    const s = lawScenario();
    await town(s, 'North', 'north', NORTH);
    await ok(s.run('ana', 'north', 'motion propose "Quiet hours" --body "No amplified music after 22:00."'));
    await pass(s, 'north', NORTH, 1);
    await ok(s.run('ben', 'north', 'motion propose "Fridge rota" --body "The fridge is cleaned every Monday."'));
    await pass(s, 'north', NORTH, 2);
    // A failed resolution is no law.
    await ok(s.run('cy', 'north', 'motion propose "Paint it pink"'));
    for (const p of NORTH) await ok(s.run(p, 'north', 'vote 3 no'));
    expect(s.chat.titles('north').some((t) => t.includes('Law 1 is in force: Quiet hours'))).toBe(true);
    let list = await ok(s.run('cy', 'north', 'law list'));
    expect(list).toContain('1. Quiet hours (motion #1)');
    expect(list).toContain('2. Fridge rota (motion #2)');
    expect(list).not.toContain('pink');

    await ok(s.run('ana', 'north', 'motion propose "Longer quiet" --kind amend-law --law 1 --body "No amplified music after 21:00."'));
    await pass(s, 'north', NORTH, 4);
    const shown = await ok(s.run('ben', 'north', 'law show 1'));
    expect(shown).toContain('North · Law 1: Quiet hours');
    expect(shown).toContain('No amplified music after 21:00.');
    expect(shown).toContain('Version 2 (motion #4');
    expect(shown).toContain('- No amplified music after 22:00.');
    expect(shown).toContain('+ No amplified music after 21:00.');

    await ok(s.run('ben', 'north', 'motion propose "No more rota" --kind repeal-law --law 2'));
    await pass(s, 'north', NORTH, 5);
    list = await ok(s.run('cy', 'north', 'law list'));
    expect(list).not.toContain('Fridge rota');
    list = await ok(s.run('cy', 'north', 'law list --all'));
    expect(list).toContain('2. Fridge rota (motion #2) [repealed by motion #5]');
    expect(await ok(s.run('cy', 'north', 'law show 2'))).toContain('repealed by motion #5');

    const north = await s.deps.store.read.assemblyByName('North');
    const types = (await s.deps.store.read.events(north?.id ?? ('' as never))).map((e) => e.type);
    expect(types.filter((t) => t === 'law.enacted')).toHaveLength(2);
    expect(types).toContain('law.amended');
    expect(types).toContain('law.repealed');
    expect(await ok(s.run('ana', 'north', 'audit verify'))).toContain('verified');
  });

  it('THEN law numbers go past 9 and 99 in order, and a number past the last is not found', async () => {
    const s = lawScenario();
    await town(s, 'Solo', 'solo', ['ana']);
    await ok(s.run('ana', 'solo', 'assembly policy flood-member-motions 1000'));
    await ok(s.run('ana', 'solo', 'assembly policy flood-member-commands 1000'));
    await ok(s.run('ana', 'solo', 'assembly policy flood-room-motions 1000'));
    for (let i = 1; i <= 101; i++) {
      await ok(s.run('ana', 'solo', `motion propose "Rule ${i}"`));
      await ok(s.run('ana', 'solo', `vote ${i} yes`));
    }
    const list = await ok(s.run('ana', 'solo', 'law list'));
    expect(list).toContain('10. Rule 10 (motion #10)');
    expect(list).toContain('100. Rule 100 (motion #100)');
    expect(list).toContain('101. Rule 101 (motion #101)');
    expect(await refused(s.run('ana', 'solo', 'law show 102'))).toContain('Solo has no law 102');
    expect(await refused(s.run('ana', 'solo', 'law show 99999999999999999999'))).toContain('no law');
  }, 30_000);
});

describe('GIVEN laws that only their own assembly may change', () => {
  it('THEN amending a repealed law, another assembly amending or repealing this one\'s law, and a circle moving law motions are refused, and nothing changes', async () => {
    const s = lawScenario();
    await town(s, 'North', 'north', NORTH);
    await town(s, 'South', 'south', ['dan', 'eve']);
    await ok(s.run('ana', 'north', 'motion propose "Quiet hours" --body "No music after 22:00."'));
    await pass(s, 'north', NORTH, 1);
    await ok(s.run('ana', 'north', 'motion propose "Fridge rota" --body "Mondays."'));
    await pass(s, 'north', NORTH, 2);
    await ok(s.run('ana', 'north', 'motion propose "No rota" --kind repeal-law --law 2'));
    await pass(s, 'north', NORTH, 3);

    expect(await refused(s.run('ana', 'north', 'motion propose "Rota again" --kind amend-law --law 2 --body "Tuesdays."'))).toContain('Law 2 was repealed (motion #3)');
    expect(await refused(s.run('ana', 'north', 'motion propose "Again" --kind repeal-law --law 2'))).toContain('was repealed');
    expect(await refused(s.run('dan', 'south', 'motion propose "Louder" --kind amend-law --law North#1 --body "Music until 2:00."'))).toContain("Law 1 is North's: only North changes its laws");
    expect(await refused(s.run('dan', 'south', 'motion propose "Gone" --kind repeal-law --law North#1'))).toContain("only North changes its laws");
    expect(await refused(s.run('ana', 'north', 'motion propose "Same" --kind amend-law --law 1 --body "No music after 22:00."'))).toContain('already the text');
    expect(await refused(s.run('ana', 'north', 'motion propose "Empty" --kind amend-law --law 1'))).toContain('new text with --body');
    expect(await refused(s.run('ana', 'north', 'motion propose "What" --kind amend-law --law 7 --body "x"'))).toContain('North has no law 7');
    expect(await refused(s.run('ana', 'north', 'motion propose "What" --kind repeal-law --law abc'))).toContain('is not a law number');

    // A circle makes no laws and changes none.
    await ok(s.run('ana', 'garden', 'circle create Garden --assembly North'));
    await ok(s.run('ben', 'garden', 'join'));
    expect(await refused(s.run('ben', 'garden', 'motion propose "Ours" --kind amend-law --law North#1 --body "x"'))).toContain('amend-law motions are moved in a local assembly');
    expect(await refused(s.run('ben', 'garden', 'law list'))).toContain('keeps no law book');

    const north = await s.deps.store.read.assemblyByName('North');
    const laws = await s.deps.store.read.laws.laws(north?.id ?? ('' as never), true);
    expect(laws.map((l) => [l.number, l.status, l.versions.length])).toEqual([
      [1, 'in-force', 1],
      [2, 'repealed', 1],
    ]);
  });

  it('THEN an amendment that was overtaken by a repeal while it ran changes nothing and says so in the record', async () => {
    const s = lawScenario();
    await town(s, 'North', 'north', NORTH);
    await ok(s.run('ana', 'north', 'motion propose "Quiet hours" --body "No music after 22:00."'));
    await pass(s, 'north', NORTH, 1);
    await ok(s.run('ana', 'north', 'motion propose "Later" --kind amend-law --law 1 --body "No music after 23:00."'));
    await ok(s.run('ben', 'north', 'motion propose "Gone" --kind repeal-law --law 1'));
    await pass(s, 'north', NORTH, 3);
    await pass(s, 'north', NORTH, 2);
    const north = await s.deps.store.read.assemblyByName('North');
    const law = await s.deps.store.read.laws.law(north?.id ?? ('' as never), 1);
    expect(law?.status).toBe('repealed');
    expect(law?.versions).toHaveLength(1);
    const events = await s.deps.store.read.events(north?.id ?? ('' as never));
    expect(events.find((e) => e.type === 'law.not-amended')?.payload.reason).toBe('the law was repealed meanwhile');
  });
});
