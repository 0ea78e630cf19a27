import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/core/shared/text.js';
import { customIds, DiscordHarness, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';

interface RegisteredOption {
  name: string;
  options?: RegisteredOption[];
  max_length?: number;
  min_value?: number;
  max_value?: number;
}

describe('GIVEN the generated commands and their forms', () => {
  let h: DiscordHarness;
  const option = async (command: string, ...path: string[]): Promise<RegisteredOption | undefined> => {
    const row = await h.twin.twin.prisma.applicationCommand.findFirstOrThrow({ where: { name: command } });
    let level = JSON.parse(row.options) as RegisteredOption[];
    let found: RegisteredOption | undefined;
    for (const p of path) {
      found = level.find((o) => o.name === p);
      level = found?.options ?? [];
    }
    return found;
  };

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben'] });
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Valley' }));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('THEN the slash options carry the limits of the command’s own schema', async () => {
    expect(await option('motion', 'propose', 'title')).toMatchObject({ max_length: LIMITS.title });
    expect(await option('motion', 'propose', 'body')).toMatchObject({ max_length: LIMITS.body });
    expect(await option('motion', 'propose', 'hours')).toMatchObject({ min_value: 1, max_value: 24 * 90 });
    expect(await option('motion', 'propose', 'seats')).toMatchObject({ min_value: 1, max_value: 100 });
  });

  it('WHEN the form opens THEN each field takes at most what the command accepts', async () => {
    const form = await h.form(await h.slash('ana', ROOM, 'motion propose', {}));
    const fields = form.components.map((r) => r.components[0]! as { custom_id: string; max_length?: number });
    expect(fields.map((f) => [f.custom_id, f.max_length])).toEqual([
      ['title', LIMITS.title],
      ['body', LIMITS.body],
    ]);
  });

  it('WHEN a form is refused THEN “Edit and resubmit” opens it again with everything typed, and the corrected form goes through', async () => {
    // ben has not joined: the command refuses after the form, which used to lose the text.
    const body = `A long text typed into the form. ${'Every word counts. '.repeat(150)}`;
    const form = await h.form(await h.slash('ben', ROOM, 'motion propose', { hours: 12 }));
    const refused = await h.answer(await h.submitForm('ben', ROOM, form.custom_id, { title: 'Repaint the hall', body }));
    expect(text(refused.message!)).toContain('Members only');
    const [edit] = customIds(refused.message!);
    expect(edit).toMatch(/^pl1:fe:motion\.propose:/);
    await h.answer(await h.slash('ben', ROOM, 'join'));
    const again = await h.form(await h.click('ben', ROOM, refused.message!.id, edit!));
    const values = Object.fromEntries(again.components.map((r) => [r.components[0]!.custom_id, r.components[0]!.value]));
    expect(values).toEqual({ title: 'Repaint the hall', body });
    const moved = await h.answer(await h.submitForm('ben', ROOM, again.custom_id, { title: 'Repaint the hall', body }));
    expect(text(moved.message!)).toContain('Motion #1 moved');
    // The options given on the command travelled too: 12 hours.
    const motion = await h.core.store.read.motionByNumber((await h.core.store.read.bindingByRoom('discord', h.twin.channel(ROOM)))!.assemblyId, 1);
    expect(motion?.votingHours).toBe(12);
  });
});
