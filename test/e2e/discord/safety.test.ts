import { ballotEntries } from '../../../src/core/events/ballot-record.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonceFor } from '../../../src/adapters/discord/payloads.js';
import { customIds, DiscordHarness, messagePayloads, sleep, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';
const EPHEMERAL = 64;

describe('GIVEN the bot facing hostile input, rate limits and repeated deliveries', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await DiscordHarness.start({ channels: [{ name: ROOM }, { name: 'side', thread: ROOM }], admins: ['ana', 'ben'] });
    await h.answer(await h.slash('ana', ROOM, 'assembly setup', { name: 'Harbour' }));
    for (const who of ['ben', 'cy']) await h.answer(await h.slash(who, ROOM, 'join'));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('WHEN a motion title tries to ping everyone, a member and a role THEN nobody is pinged: the text is inert and no mention is allowed', async () => {
    const evil = `@everyone vote now <@${h.twin.user('ben')}> <@&${h.twin.guildId}> @here`;
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: evil, body: evil }));
    const announcement = await h.waitFor(ROOM, (m) => text(m).includes('Motion #1 is open'));
    const shown = text(announcement);
    expect(shown).toContain('@\u200beveryone');
    expect(shown).toContain('@\u200bhere');
    expect(shown).toContain(`<@\u200b${h.twin.user('ben')}>`);
    expect(shown).toContain(`<@&\u200b${h.twin.guildId}>`);
    expect(shown).not.toMatch(/@(everyone|here)|<@&?\d/);
    expect(announcement.content).toBe('');
  });

  it('WHEN Discord answers a send with 429 and Retry-After THEN the bot waits that long, retries, and posts once', async () => {
    h.twin.proxy.inject({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 1 });
    const before = h.twin.proxy.requests.length;
    await h.answer(await h.slash('ana', ROOM, 'motion propose', { title: 'Paced', body: 'Posted after a rate limit.' }));
    await h.waitFor(ROOM, (m) => text(m).includes('Motion #2 is open'));
    const posts = h.twin.proxy.requests.slice(before).filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect((await h.titled(ROOM, 'Motion #2 is open'))).toHaveLength(1);
    expect(h.log.lines.some((l) => l.msg.includes('rate limit') && l.level === 'warn')).toBe(true);
  });

  it('WHEN the same interaction is delivered twice THEN it is answered and counted once', async () => {
    const a = await h.waitFor(ROOM, (m) => text(m).includes('Motion #2 is open'));
    const [yes] = customIds(a);
    const id = await h.click('ben', ROOM, a.id, yes!);
    await h.answer(id);
    h.twin.redeliver(id);
    await sleep(500);
    const motionId = yes!.split(':')[2]!;
    const motion = await h.core.store.read.motion(motionId as never);
    const ballotEvents = ballotEntries(await h.core.store.read.events(motion!.assemblyId)).filter((e) => e.motion === 2);
    expect(ballotEvents).toHaveLength(1);
    expect(h.twin.proxy.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`))).toHaveLength(1);
    expect(h.log.lines.some((l) => l.msg === 'duplicate interaction delivery ignored' && l.fields.interactionId === id)).toBe(true);
  });

  it('WHEN the same announcement is sent twice with one idempotency key THEN Discord keeps one message (nonce enforced)', async () => {
    const room = { platform: 'discord' as const, roomId: h.twin.channel(ROOM) };
    const msg = { title: 'Once only', visibility: 'public' as const };
    await h.bot.sender.send(room, msg, 'same-key');
    await h.bot.sender.send(room, msg, 'same-key');
    expect(await h.titled(ROOM, 'Once only')).toHaveLength(1);
    const sends = h.twin.proxy.requests.filter((r) => (r.body as { nonce?: string } | null)?.nonce === nonceFor('same-key'));
    expect(sends.map((r) => (r.body as { enforce_nonce: boolean }).enforce_nonce)).toEqual([true, true]);
  });

  it('WHEN work takes longer than the deadline THEN the interaction is deferred within 3 s and the answer edited in, still private', async () => {
    const store = h.core.store;
    const original = store.transaction.bind(store);
    store.transaction = async (fn) => {
      await sleep(2500);
      return original(fn);
    };
    try {
      const started = Date.now();
      const id = await h.slash('ben', ROOM, 'link start');
      let acked = 0;
      while (!acked) {
        const r = await h.twin.twin.prisma.interactionResponse.findUnique({ where: { interactionId: id } });
        if (r?.acknowledged) acked = Date.now();
        else await sleep(20);
      }
      expect(acked - started).toBeLessThan(3000);
      const a = await h.answer(id);
      expect(a.type).toBe(5);
      // The twin drops the deferral's flags when the edit creates the message; the deferral itself was private.
      const r = await h.twin.twin.prisma.interactionResponse.findUniqueOrThrow({ where: { interactionId: id } });
      expect(JSON.parse(r.data ?? '{}')).toMatchObject({ flags: EPHEMERAL });
      expect(text(a.message!)).toContain('Code: CODE');
      expect(text(a.message!)).toContain('link redeem');
    } finally {
      store.transaction = original;
    }
  });

  it('WHEN something throws inside the bot THEN the member sees an error id and the log has the same id', async () => {
    const reads = h.core.store.read;
    const original = reads.motion.bind(reads);
    reads.motion = () => Promise.reject(new Error('database on fire'));
    try {
      const a = await h.waitFor(ROOM, (m) => text(m).includes('Motion #2 is open'));
      const answer = await h.answer(await h.click('cy', ROOM, a.id, customIds(a)[0]!));
      expect(answer.message!.flags).toBe(EPHEMERAL);
      const id = /this id: (\w+)/.exec(text(answer.message!))?.[1];
      expect(id).toBeDefined();
      expect(h.log.lines.some((l) => l.level === 'error' && l.fields.requestId === id && (l.fields.err as Error).message.includes('database on fire'))).toBe(true);
    } finally {
      reads.motion = original;
    }
  });

  it('WHEN a thread is set up as a room THEN it works like a channel', async () => {
    const a = await h.answer(await h.slash('ben', 'side', 'assembly setup', { name: 'Side Circle' }));
    expect(text(a.message!)).toContain('Side Circle is now an assembly');
    expect((await h.core.store.read.bindingByRoom('discord', h.twin.channel('side')))?.roomId).toBe(h.twin.channel('side'));
    await h.answer(await h.slash('ben', 'side', 'motion propose', { title: 'Thread motion', body: 'In a thread.' }));
    await h.waitFor('side', (m) => text(m).includes('Motion #1 is open'));
  });

  it('WHEN a member exports the record THEN it arrives as a private file', async () => {
    const before = h.twin.proxy.requests.length;
    const a = await h.answer(await h.slash('ana', ROOM, 'audit export'));
    expect(a.message!.flags).toBe(EPHEMERAL);
    expect(h.twin.proxy.requests.slice(before).flatMap((r) => r.files)).toEqual(['Harbour-record.jsonl']);
  });

  it('THEN every message the bot created or edited in all of this carried allowed_mentions with nothing to parse', () => {
    const payloads = messagePayloads(h.twin.proxy.requests);
    expect(payloads.length).toBeGreaterThan(15);
    for (const p of payloads) expect(p.payload.allowed_mentions, p.path).toEqual({ parse: [] });
  });
});
