import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partName, renderWithParts, splitBytes } from '../../../src/adapters/discord/attachments.js';
import { personal } from '../../../src/core/messages/message.js';

describe('GIVEN a file past the upload limit', () => {
  it('THEN the parts join back to the file, each within the limit, cut at line ends where a line fits and never inside a character', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 60 }), fc.integer({ min: 4, max: 64 }), (lines, limit) => {
        const data = Buffer.from(lines.join('\n'), 'utf8');
        const parts = splitBytes(data, limit);
        expect(Buffer.concat(parts).equals(data)).toBe(true);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(limit);
          // Every part is whole UTF-8 on its own.
          expect(Buffer.from(p.toString('utf8'), 'utf8').equals(p)).toBe(true);
        }
        for (const p of parts.slice(0, -1)) {
          const hasBreak = data.indexOf(0x0a) >= 0;
          if (hasBreak && p.includes(0x0a)) expect(p[p.length - 1]).toBe(0x0a);
        }
      }),
    );
  });

  it('THEN a message with a 25 KiB export under a 10 KiB limit becomes one message per part, the first saying how to join them', () => {
    const content = Array.from({ length: 500 }, (_, i) => JSON.stringify({ seq: i, type: 'motion.proposed', payload: 'x'.repeat(40) })).join('\n') + '\n';
    const limit = 64 * 1024 + 10 * 1024;
    const out = renderWithParts(personal('Valley: record export', '500 lines.', { attachment: { filename: 'valley.jsonl', content } }), limit);
    expect(out.length).toBe(Math.ceil(Buffer.byteLength(content) / (10 * 1024)));
    expect(out.map((m) => m.files[0]?.name)).toEqual(out.map((_, k) => partName('valley.jsonl', k + 1, out.length)));
    expect(out[0]!.embeds[0]!.description).toContain(`cat valley.part1of${out.length}.jsonl`);
    expect(Buffer.concat(out.map((m) => m.files[0]!.data)).toString('utf8')).toBe(content);
    expect(out.every((m) => m.ephemeral)).toBe(true);
  });

  it('THEN a file within the limit is one message as before', () => {
    expect(renderWithParts(personal('x', 'y', { attachment: { filename: 'a.blt', content: '3 1\n1 1 0\n0\n' } }))).toHaveLength(1);
  });
});
