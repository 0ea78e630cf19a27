import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordHarness, sleep, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';
// The proxy refuses any message whose files exceed this, as Discord does past its upload limit (40005).
const LIMIT = 64 * 1024 + 8 * 1024;

describe('GIVEN an upload limit that a record export exceeds', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana'], uploadLimit: LIMIT });
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Valley' }));
    for (let n = 1; n <= 8; n++) await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: `Motion ${n}`, body: `${n} `.repeat(1900) }));
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN a member runs /audit export THEN the file comes in parts, each within the limit, that join to the whole export, and none is refused', async () => {
    const first = await h.answer(await h.slash('ana', ROOM, 'audit export'));
    const note = text(first.message!);
    expect(note).toMatch(/more than Discord's [\d.]+ MiB upload limit, so it comes in (\d+) parts/);
    const parts = Number(/comes in (\d+) parts/.exec(note)?.[1]);
    expect(parts).toBeGreaterThanOrEqual(2);
    const total = Number(/is (\d+) bytes/.exec(note)?.[1]);
    // The follow-ups arrive after the reply.
    const until = Date.now() + 8000;
    const uploads = () => h.twin.proxy.requests.filter((r) => r.files.some((f) => /\.part\d+of\d+\./.test(f)));
    // Until every part was posted and answered.
    while ((uploads().length < parts || uploads().some((r) => r.status === 0)) && Date.now() < until) await sleep(50);
    const sent = uploads();
    expect(sent.map((r) => r.files[0])).toEqual(Array.from({ length: parts }, (_, k) => `Valley-record.part${k + 1}of${parts}.jsonl`));
    expect(sent.every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(sent.every((r) => (r.fileSizes[0] ?? 0) <= LIMIT)).toBe(true);
    expect(sent.reduce((n, r) => n + (r.fileSizes[0] ?? 0), 0)).toBe(total);
  });
});
