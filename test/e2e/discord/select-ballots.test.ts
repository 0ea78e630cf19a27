import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asMotionId } from '../../../src/core/shared/ids.js';
import { customIds, DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';
const EPHEMERAL = 64;

async function announce(h: DiscordHarness, n: number): Promise<{ id: string; motionId: string }> {
  const m = await h.waitFor(ROOM, (x) => text(x).includes(`Motion #${n} is open for voting`));
  const motionId = customIds(m)[0]!.split(':')[2]!;
  return { id: m.id, motionId };
}

describe('GIVEN an assembly voting on options', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start();
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Allotment' }));
    for (const who of ['ben', 'cy']) await h.answer(await h.slash(who, ROOM, 'join'));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN an approval motion is moved with its text given THEN no form opens, and the announcement carries a multi-select', async () => {
    const a = await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Pick meeting days', body: 'Any you can make.', method: 'approval', option: 'Monday, Thursday, Saturday' }));
    expect(a.type).toBe(4);
    const { id, motionId } = await announce(h, 1);
    const msg = await h.twin.message(ROOM, id);
    const select = (msg.components![0] as { components: { custom_id: string; min_values: number; max_values: number; options: { label: string; value: string }[] }[] }).components[0]!;
    expect(select).toMatchObject({ custom_id: `pl1:ap:${motionId}`, min_values: 0, max_values: 3 });
    expect(select.options.map((o) => o.label)).toEqual(['1. Monday', '2. Thursday', '3. Saturday']);
  });

  it('WHEN a member selects two options THEN both are approved and the live tally counts approvals', async () => {
    const { id, motionId } = await announce(h, 1);
    const a = await h.answer(await h.select('ben', ROOM, id, `pl1:ap:${motionId}`, ['0', '2']));
    expect(a.message!.flags).toBe(EPHEMERAL);
    expect(text(a.message!)).toContain('Your ballot: Monday, Saturday');
    await h.waitFor(ROOM, (m) => m.id === id && text(m).includes('1. Monday: 1\n2. Thursday: 0\n3. Saturday: 1'));
    const mine = await h.answer(await h.click('ben', ROOM, id, `pl1:my:${motionId}`));
    expect(text(mine.message!)).toContain('Your ballot on motion #1');
    expect(text(mine.message!)).toContain('Monday, Saturday');
    expect(customIds(mine.message!)).toEqual([`pl1:chg:${motionId}`]);
  });

  it('WHEN a ranked motion is announced THEN a member ranks privately step by step and submits', async () => {
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Choose a treasurer', body: 'One seat.', method: 'ranked', option: 'Ana, Ben, Cy' }));
    const { id, motionId } = await announce(h, 2);
    expect(customIds(await h.twin.message(ROOM, id))).toEqual([`pl1:rk:${motionId}:`, `pl1:my:${motionId}`]);

    const step1 = await h.answer(await h.click('cy', ROOM, id, `pl1:rk:${motionId}:`));
    expect(step1.message!.flags).toBe(EPHEMERAL);
    expect(text(step1.message!)).toContain('Pick your 1st choice');
    expect(customIds(step1.message!)).toEqual([`pl1:rk:${motionId}:`, `pl1:rs:${motionId}:`, `pl1:rk:${motionId}:`]);

    const step2 = await h.answer(await h.select('cy', ROOM, step1.message!.id, `pl1:rk:${motionId}:`, ['2']));
    expect(step2.type).toBe(7);
    expect(text(step2.message!)).toContain('1st: Cy');
    const select2 = (step2.message!.components![0] as { components: { placeholder: string; options: { value: string }[] }[] }).components[0]!;
    expect(select2.placeholder).toBe('Your 2nd choice…');
    expect(select2.options.map((o) => o.value)).toEqual(['0', '1']);

    const step3 = await h.answer(await h.select('cy', ROOM, step1.message!.id, `pl1:rk:${motionId}:2`, ['0']));
    expect(text(step3.message!)).toContain('1st: Cy\n2nd: Ana');
    expect(customIds(step3.message!)).toContain(`pl1:rs:${motionId}:20`);

    const done = await h.answer(await h.click('cy', ROOM, step1.message!.id, `pl1:rs:${motionId}:20`));
    expect(text(done.message!)).toContain('Vote recorded on motion #2');
    expect(text(done.message!)).toContain('Your ballot: Cy > Ana');
    const person = await h.core.store.read.personByAccount('discord', h.twin.user('cy'));
    expect((await h.core.store.read.ballot(asMotionId(motionId), person!.id))?.choice).toEqual({ kind: 'ranked', ranking: [2, 0] });
    await h.waitFor(ROOM, (m) => m.id === id && text(m).includes('Live tally (first preferences)') && text(m).includes('3. Cy: 1'));
  });

  it('WHEN the member starts over THEN the ranking is empty again', async () => {
    const { id, motionId } = await announce(h, 2);
    const step1 = await h.answer(await h.click('ben', ROOM, id, `pl1:rk:${motionId}:`));
    await h.answer(await h.select('ben', ROOM, step1.message!.id, `pl1:rk:${motionId}:`, ['1']));
    const again = await h.answer(await h.click('ben', ROOM, step1.message!.id, `pl1:rk:${motionId}:`));
    expect(text(again.message!)).toContain('Pick your 1st choice');
  });

  it('WHEN the ballot is secret THEN the announcement shows how many voted, never the counts', async () => {
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Secret question', body: '…', secret: true }));
    const { id, motionId } = await announce(h, 3);
    await h.answer(await h.click('ben', ROOM, id, `pl1:v:${motionId}:y`));
    const m = await h.waitFor(ROOM, (x) => x.id === id && text(x).includes('1 ballot cast'));
    expect(text(m)).toContain('secret ballot');
    expect(text(m)).not.toMatch(/Yes \d/);
  });
  it('WHEN a ranked motion has more options than one select holds THEN they are split over two selects and an option past the 25th can be ranked first', async () => {
    const options = Array.from({ length: 30 }, (_, k) => `Candidate ${k + 1}`);
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Big election', body: 'Thirty names.', method: 'ranked', option: options.join(', ') }));
    const { id, motionId } = await announce(h, 4);
    const step1 = await h.answer(await h.click('ben', ROOM, id, `pl1:rk:${motionId}:`));
    expect(customIds(step1.message!)).toEqual([`pl1:rk:${motionId}::1`, `pl1:rk:${motionId}::2`, `pl1:rs:${motionId}:`, `pl1:rk:${motionId}:`]);
    const selects = step1.message!.components!.slice(0, 2).map((r) => (r as { components: { placeholder: string; options: { value: string }[] }[] }).components[0]!);
    expect(selects.map((x) => x.options.length)).toEqual([25, 5]);
    expect(selects[1]!.placeholder).toBe('Your 1st choice (options 26–30)…');
    const step2 = await h.answer(await h.select('ben', ROOM, step1.message!.id, `pl1:rk:${motionId}::2`, ['27']));
    expect(text(step2.message!)).toContain('1st: Candidate 28');
    // 29 left: still two selects, the second now starting after the ranked one's gap.
    expect(customIds(step2.message!).slice(0, 2)).toEqual([`pl1:rk:${motionId}:r:1`, `pl1:rk:${motionId}:r:2`]);
    const step3 = await h.answer(await h.select('ben', ROOM, step1.message!.id, `pl1:rk:${motionId}:r:1`, ['0']));
    const done = await h.answer(await h.click('ben', ROOM, step1.message!.id, customIds(step3.message!).find((c) => c.startsWith('pl1:rs:'))!));
    expect(text(done.message!)).toContain('Your ballot: Candidate 28 > Candidate 1');
    const person = await h.core.store.read.personByAccount('discord', h.twin.user('ben'));
    expect((await h.core.store.read.ballot(asMotionId(motionId), person!.id))?.choice).toEqual({ kind: 'ranked', ranking: [27, 0] });
  });

  it('WHEN a ranked motion would have more options than a ballot holds THEN it is refused with the limit', async () => {
    const options = Array.from({ length: 37 }, (_, k) => `N${k + 1}`);
    const a = await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Too big', body: '…', method: 'ranked', option: options.join(', ') }));
    expect(text(a.message!)).toContain('At most 36 options');
  });
});
