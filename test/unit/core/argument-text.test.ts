import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { fuzzTarget } from '../../support/argument-fuzz.js';
import { postgresStrict } from '../../support/postgres-strict-store.js';

const INTERNAL_ERROR = 'Something went wrong';
/** NUL, other C0 controls, DEL, C1, and unpaired surrogates: refused wherever they appear in an argument. */
const HOSTILE = ['\u0000', 'Tidy\u0000hall', '\ud800', 'a\udfffb', '\u001b[2J', 'bell\u0007', '\u007f', 'next\u0085line', '\u000b'];

describe('GIVEN every command in the table, on a store that treats text as PostgreSQL does', () => {
  it('WHEN any argument holds a NUL, another control character or an unpaired surrogate THEN the command is refused and the refusal names that argument', async () => {
    const { store, mangled } = postgresStrict(new FakeStore());
    const { slots, send } = await fuzzTarget(store);
    expect(slots.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const slot of slots) {
      for (const hostile of HOSTILE) {
        const reply = (await send(slot, hostile)).replies[0];
        const where = `${slot.spec.path.join(' ')} --${slot.arg.name} ${JSON.stringify(hostile)}`;
        if (reply?.title !== 'That command needs different arguments' || !reply.body?.includes(`• ${slot.arg.name}`)) wrong.push(`${where}: ${reply?.title ?? '(no reply)'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(mangled).toEqual([]);
  });

  it('WHEN any string at all is given as any argument THEN no command answers "Something went wrong" and no text is mangled on its way to the store', async () => {
    const { store, mangled } = postgresStrict(new FakeStore());
    const { slots, send } = await fuzzTarget(store);
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE, '\r\n', '\t', '\n', '#10', 'Cleaners#1', '\u202e'), fc.string({ maxLength: 10 })).map((p) => p.join('')),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...slots), text, async (slot, value) => {
        const replies = (await send(slot, value)).replies;
        for (const m of replies) expect(m.title, `${slot.spec.path.join(' ')} --${slot.arg.name} ${JSON.stringify(value)}`).not.toBe(INTERNAL_ERROR);
        expect(mangled).toEqual([]);
      }),
      { numRuns: 3000, seed: 12 },
    );
  }, 120_000);
});

describe('GIVEN the cases found by hand, typed as text', () => {
  it('WHEN a member types nominate \\u0000, motion show "\\u0000" or --person \\u0000 THEN each is a friendly refusal naming the argument', async () => {
    const { store } = postgresStrict(new FakeStore());
    const { s } = await fuzzTarget(store);
    for (const [line, arg] of [
      ['nominate \u0000', 'federation'],
      ['motion show "\u0000"', 'motion'],
      ['motion propose "Out" --kind exclusion --person \u0000', 'person'],
      ['nominate Valley --person \u0000', 'person'],
    ] as const) {
      const reply = await s.run('ana', '#clean', line);
      expect(reply.first.title, line).toBe('That command needs different arguments');
      expect(reply.first.body, line).toContain(`• ${arg} (`);
      expect(reply.first.body, line).toContain('U+0000');
    }
  });

  it('WHEN a platform reports a display name holding NUL or a line break THEN the person is stored with a mended name and the command works', async () => {
    const { store, mangled } = postgresStrict(new FakeStore());
    const { s } = await fuzzTarget(store);
    const { dispatch } = await import('../../../src/core/commands/dispatch.js');
    const join = s.table.find((c) => c.path.join(' ') === 'join')!;
    const out = await dispatch({ deps: s.deps, actor: { platform: 'console', externalId: 'dee', displayName: 'Dee\u0000\nRay\ud800' }, room: { platform: 'console', roomId: '#clean' }, requestId: 'r1' }, join, {});
    expect(out.replies[0]?.title).toBe('Welcome to Cleaners');
    expect((await s.deps.store.read.personByAccount('console', 'dee'))?.displayName).toBe('Dee\ufffd Ray\ufffd');
    expect(mangled).toEqual([]);
  });
});
