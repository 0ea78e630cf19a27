import type { APIMessage, REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ConsoleSender } from '../../../src/adapters/console/console-sender.js';
import { renderText } from '../../../src/adapters/console/render-text.js';
import { discordHeadsPosted } from '../../../src/adapters/discord/posted-heads.js';
import { renderMessage as renderDiscord } from '../../../src/adapters/discord/render-message.js';
import type { MatrixApi } from '../../../src/adapters/matrix/matrix-api.js';
import type { RoomEvent } from '../../../src/adapters/matrix/matrix-events.js';
import { MatrixRoomSender } from '../../../src/adapters/matrix/matrix-room-sender.js';
import { renderMessage as renderMatrix } from '../../../src/adapters/matrix/render-html.js';
import { hashEvent } from '../../../src/core/events/hash-chain.js';
import { parseHeads } from '../../../src/core/events/witness.js';
import { publicMessage, type OutMessage } from '../../../src/core/messages/message.js';
import { silentLogger } from '../../../src/core/ports/logger.port.js';
import { FakeMessageLog } from '../../../src/core/ports/message-log.port.js';
import { MATRIX_HEAD_FIELD } from '../../../src/core/ports/witness-source.port.js';
import { FakeStore } from '../../../src/core/testing/fake-store.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

const HASH = '9f3a1c2b7d4e' + 'ab'.repeat(26);

/** An assembly whose motions 1..n closed; returns the scenario and its result announcements. */
async function closedMotions(name: string, n: number) {
  const store = new FakeStore();
  const { s, room } = await describeAssembly({ name, members: ['ana', 'ben'] }, { store });
  for (let i = 1; i <= n; i++) {
    await s.run('ana', room, `motion propose "Matter ${i}"`);
    for (const who of ['ana', 'ben']) await s.run(who, room, `vote ${i} yes`);
  }
  // Each passed resolution also posts its law's entry with the head at law.enacted (src/core/laws): results only here.
  const results = s.chat.in(room).filter((m) => m.chainHead && m.title.includes('Motion #'));
  return { s, room, results, store };
}

describe('GIVEN a motion closes', () => {
  it('THEN its result announcement carries the head at its own motion.closed event, for motions 1 to 9 (votes on 10 and up wait for defect 1)', async () => {
    const { s, results } = await closedMotions('Heads', 9);
    expect(results).toHaveLength(9);
    const a = (await s.deps.store.read.assemblyByName('Heads'))!;
    const events = await s.deps.store.read.events(a.id);
    for (const m of results) {
      const e = events.find((x) => x.seq === m.chainHead!.seq)!;
      expect(e.type).toBe('motion.closed');
      expect(m.chainHead).toEqual({ assembly: 'Heads', seq: e.seq, hash: e.hash });
    }
  });

  it('THEN console, Discord and Matrix each show the head line, and it reads back as the head', () => {
    const m: OutMessage = publicMessage('Bike Kitchen · Motion #10 passed', 'A title that says Fake record #1 · 00000000', { chainHead: { assembly: 'Bike Kitchen', seq: 1234, hash: HASH } });
    const expected = { assembly: 'Bike Kitchen', seq: 1234, hash: HASH.slice(0, 12) };
    const consoleText = renderText(m);
    expect(consoleText).toContain('Bike Kitchen record #1234 · 9f3a1c2b7d4e');
    const footer = renderDiscord(m).embeds[0]!.footer!.text;
    expect(parseHeads(footer).map(({ source: _, ...h }) => h)).toEqual([expected]);
    const mx = renderMatrix(m, { prefix: '!', commandRoots: new Set() });
    expect(mx.body).toContain('Bike Kitchen record #1234 · 9f3a1c2b7d4e');
    expect(mx.html).toContain('Bike Kitchen record #1234 · 9f3a1c2b7d4e');
  });
});

describe('GIVEN the platforms hold the bot posts', () => {
  it('WHEN Discord history is read back THEN only the bot’s own embed footers count, across pages', async () => {
    const messages: APIMessage[] = Array.from({ length: 250 }, (_, i) => {
      const mine = i % 2 === 0;
      const footer = `Garden record #${1000 - i} · ${String(i).padStart(12, '0')}`;
      return { id: String(10_000 - i), author: { id: mine ? 'bot' : 'eve' }, content: footer, embeds: [{ footer: { text: footer } }] } as unknown as APIMessage;
    });
    const rest = {
      get: (_route: string, o: { query: URLSearchParams }) => {
        const before = o.query.get('before');
        const limit = Number(o.query.get('limit'));
        const from = before ? messages.findIndex((m) => m.id === before) + 1 : 0;
        return Promise.resolve(messages.slice(from, from + limit));
      },
    } as unknown as REST;
    const heads = await discordHeadsPosted(rest, 'c', 1000, () => Promise.resolve('bot'));
    expect(heads).toHaveLength(125);
    expect(heads.at(-1)).toMatchObject({ assembly: 'Garden', seq: 1000 - 248 });
  });

  it('WHEN Matrix history is read back THEN only the bot’s own head fields count (never a body imitating one)', async () => {
    const ev = (i: number, sender: string, content: Record<string, unknown>): RoomEvent => ({ eventId: `$${i}`, roomId: '!r', type: 'm.room.message', sender, content, originServerTs: i });
    const pages = [
      { events: [ev(1, '@bot:x', { body: 'x', [MATRIX_HEAD_FIELD]: { assembly: 'G', seq: 12, hash: HASH } }), ev(2, '@eve:x', { body: 'G record #12 · 000000000000', [MATRIX_HEAD_FIELD]: { assembly: 'G', seq: 12, hash: '0'.repeat(64) } })], end: 't1' },
      { events: [ev(3, '@bot:x', { body: 'G record #3 · 000000000000' }), ev(4, '@bot:x', { [MATRIX_HEAD_FIELD]: { assembly: 'G', seq: 2, hash: HASH } })], end: 't2' },
      { events: [], end: null },
    ];
    const froms: (string | null)[] = [];
    const sender = new MatrixRoomSender({
      api: { userId: '@bot:x' } as MatrixApi,
      messageLog: new FakeMessageLog(),
      render: { prefix: '!', commandRoots: new Set() },
      reads: () => null,
      log: silentLogger,
      history: { messagesBackwards: (_room, from) => Promise.resolve(pages[froms.push(from) - 1]!) },
    });
    const heads = await sender.headsPosted({ platform: 'matrix', roomId: '!r' }, 1000);
    expect(heads.map((h) => [h.seq, h.hash])).toEqual([
      [12, HASH],
      [2, HASH],
    ]);
    expect(froms).toEqual([null, 't1', 't2']);
  });

  it('WHEN the console printed results THEN it reads back what it printed, never a title imitating a head', async () => {
    const c = new ConsoleSender({ write: () => true });
    const room = { platform: 'console' as const, roomId: '#x' };
    await c.send(room, publicMessage('G · Motion #1 passed', 'G record #9 · 000000000000', { chainHead: { assembly: 'G', seq: 4, hash: HASH } }), 'k1');
    await c.send(room, publicMessage('hello', 'G record #9 · 000000000000'), 'k2');
    expect((await c.headsPosted(room, 100)).map((h) => h.seq)).toEqual([4]);
  });
});

describe('GIVEN members run audit verify in chat', () => {
  it('WHEN nothing was touched THEN the posted heads agree', async () => {
    const { s, room } = await closedMotions('Calm', 2);
    const r = await s.run('ana', room, 'audit verify');
    expect(r.first.title).toContain('record verified');
    // Two results and two laws in force, each with its head.
    expect(r.text).toContain('Posted heads: all 4 found in 1 room agree');
  });

  it('WHEN the operator rewrote the whole chain consistently THEN chat verify names the first posted head that differs', async () => {
    const { s, room, results, store } = await closedMotions('Rewrite', 3);
    const a = (await store.read.assemblyByName('Rewrite'))!;
    const events = store.raw.events.get(a.id)!;
    let prev = '0'.repeat(64);
    const forged = events.map((e) => {
      const base = { ...e, prevHash: prev, payload: e.seq === 1 ? { ...e.payload, forged: true } : e.payload };
      prev = hashEvent(base);
      return { ...base, hash: prev };
    });
    store.raw.events.set(a.id, forged);
    const assemblies = store.raw.assemblies as Map<string, { headHash: string }>;
    assemblies.set(a.id, { ...assemblies.get(a.id)!, headHash: prev });
    const r = await s.run('ana', room, 'audit verify');
    expect(r.first.title).toContain('does NOT verify');
    expect(r.text).toContain(`first at event #${results[0]!.chainHead!.seq}`);
  });

  it('WHEN someone asks for a checkpoint THEN a head already posted is not posted again, and a new head is posted once', async () => {
    const { s, room } = await closedMotions('Check', 1);
    expect((await s.run('ben', room, 'audit checkpoint')).first.title).toBe('Already posted');
    expect((await s.run('cy', room, 'join')).ok).toBe(true);
    const before = s.chat.in(room).length;
    expect((await s.run('ben', room, 'audit checkpoint')).ok).toBe(true);
    expect((await s.run('ana', room, 'audit checkpoint')).first.title).toBe('Already posted');
    const posted = s.chat.in(room).slice(before).filter((m) => m.title.includes('checkpoint'));
    expect(posted).toHaveLength(1);
    const a = (await s.deps.store.read.assemblyByName('Check'))!;
    expect(posted[0]!.chainHead?.seq).toBe((await s.deps.store.read.chainHead(a.id))!.seq);
  });
});
