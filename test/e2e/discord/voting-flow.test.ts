import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDueMotions } from '../../../src/core/services/closing.service.js';
import { customIds, DiscordHarness, messagePayloads, text } from '../../support/discord-harness.js';

const ROOM = 'town-square';
const EPHEMERAL = 64;

describe('GIVEN a Discord server with the Plenary bot', () => {
  let h: DiscordHarness;
  let announcementId: string;
  let motionId: string;

  beforeAll(async () => {
    h = await DiscordHarness.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('THEN registering the generated commands in the guild says what it did', () => {
    expect(h.registerOutput).toMatch(/Registered \d+ slash commands in guild \d+/);
    expect(h.registerOutput).toContain('/motion');
    expect(h.registerOutput).toContain('/help');
  });

  it('WHEN a facilitator runs /assembly setup THEN the channel becomes an assembly, and a private note lists the missing permissions', async () => {
    const id = await h.slash('ana', ROOM, 'assembly setup', { name: 'Riverside Tenants' });
    const a = await h.answer(id);
    expect(a.type).toBe(4);
    expect(a.message!.flags ?? 0).not.toBe(EPHEMERAL);
    expect(text(a.message!)).toContain('Riverside Tenants is now an assembly');
    const note = await h.waitFor(ROOM, (m) => text(m).includes('missing permissions'));
    expect(note.flags).toBe(EPHEMERAL);
    expect(text(note)).toContain('Manage Roles');
    expect(text(note)).toContain('Kick Members');
    expect(text(note)).not.toContain('Send Messages');
    const binding = await h.core.store.read.bindingByRoom('discord', h.twin.channel(ROOM));
    expect(binding).toMatchObject({ roomId: h.twin.channel(ROOM), serverId: h.twin.guildId });
  });

  it('WHEN members /join THEN they are welcomed publicly', async () => {
    for (const who of ['ben', 'cy']) {
      const a = await h.answer(await h.slash(who, ROOM, 'join'));
      expect(text(a.message!)).toContain('Welcome to Riverside Tenants');
    }
  });

  it('WHEN /motion propose is run without its text THEN a form asks for title and body, and submitting it opens the motion with vote buttons', async () => {
    const id = await h.slash('ana', ROOM, 'motion propose', { hours: 48 });
    const form = await h.form(id);
    expect(form.components.map((r) => r.components[0]!.custom_id)).toEqual(['title', 'body']);
    expect(form.components[1]!.components[0]!.style).toBe(2);
    const submitted = await h.answer(await h.submitForm('ana', ROOM, form.custom_id, { title: 'Adopt the fridge rota', body: 'Everyone cleans the fridge once a month.' }));
    expect(submitted.message!.flags).toBe(EPHEMERAL);
    expect(text(submitted.message!)).toContain('Motion #1 moved');
    const announcement = await h.waitFor(ROOM, (m) => text(m).includes('Motion #1 is open for voting'));
    expect(text(announcement)).toContain('Everyone cleans the fridge once a month.');
    expect(text(announcement)).toContain('Yes 0 · No 0 · Abstain 0 — 0 ballots cast');
    announcementId = announcement.id;
    const [yes] = customIds(announcement);
    motionId = yes!.split(':')[2]!;
    expect(customIds(announcement)).toEqual([`pl1:v:${motionId}:y`, `pl1:v:${motionId}:n`, `pl1:v:${motionId}:a`, `pl1:my:${motionId}`]);
  });

  it('WHEN a member clicks Yes THEN the ballot is confirmed privately with a way to change it, and the live tally updates', async () => {
    const a = await h.answer(await h.click('ben', ROOM, announcementId, `pl1:v:${motionId}:y`));
    expect(a.message!.flags).toBe(EPHEMERAL);
    expect(text(a.message!)).toContain('Vote recorded on motion #1');
    expect(customIds(a.message!)).toEqual([`pl1:chg:${motionId}`]);
    await h.waitFor(ROOM, (m) => m.id === announcementId && text(m).includes('Yes 1 · No 0 · Abstain 0 — 1 ballot cast'));
  });

  it('WHEN the member uses "Change my vote" and picks No THEN the private ballot turns into the confirmation and the tally moves', async () => {
    const ballot = await h.answer(await h.click('ben', ROOM, announcementId, `pl1:chg:${motionId}`));
    expect(ballot.message!.flags).toBe(EPHEMERAL);
    expect(customIds(ballot.message!)).toEqual([`pl1:v:${motionId}:y`, `pl1:v:${motionId}:n`, `pl1:v:${motionId}:a`]);
    const changed = await h.answer(await h.click('ben', ROOM, ballot.message!.id, `pl1:v:${motionId}:n`));
    expect(changed.type).toBe(7);
    expect(changed.message!.id).toBe(ballot.message!.id);
    expect(text(changed.message!)).toContain('Vote changed on motion #1');
    await h.waitFor(ROOM, (m) => m.id === announcementId && text(m).includes('Yes 0 · No 1 · Abstain 0 — 1 ballot cast'));
  });

  it('WHEN another member votes with /vote THEN it counts the same way', async () => {
    const a = await h.answer(await h.slash('ana', ROOM, 'vote', { motion: '1', choice: 'yes' }));
    expect(text(a.message!)).toContain('Vote recorded on motion #1');
    await h.waitFor(ROOM, (m) => m.id === announcementId && text(m).includes('Yes 1 · No 1 · Abstain 0 — 2 ballots cast'));
  });

  it('WHEN the voting period ends THEN the result is posted and the original buttons are disabled', async () => {
    h.clock.advance(49 * 3_600_000);
    expect(await closeDueMotions(h.core)).toBe(1);
    const result = await h.waitFor(ROOM, (m) => text(m).includes('Motion #1 failed'));
    expect(text(result)).toContain('Yes 1 · No 1 · Abstain 0');
    expect(result.flags ?? 0).toBe(0);
    const original = await h.twin.message(ROOM, announcementId);
    const buttons = (original.components ?? []).flatMap((r) => ('components' in r ? (r.components as { disabled?: boolean }[]) : []));
    expect(buttons.length).toBe(4);
    expect(buttons.every((b) => b.disabled === true)).toBe(true);
    expect(text(original)).toContain('Voting has closed');
  });

  it('WHEN someone clicks an old button anyway THEN they are told the vote has closed', async () => {
    const a = await h.answer(await h.click('cy', ROOM, announcementId, `pl1:v:${motionId}:y`));
    expect(a.message!.flags).toBe(EPHEMERAL);
    expect(text(a.message!)).toMatch(/closed/i);
  });

  it('WHEN a button from an older format arrives THEN it is answered clearly', async () => {
    const a = await h.answer(await h.click('cy', ROOM, announcementId, `pl0:vote:${motionId}:yes`));
    expect(text(a.message!)).toContain('out of date');
  });

  it('THEN every message created or edited on the way (replies, updates, follow-ups, edits, posts) allowed no mentions', () => {
    const payloads = messagePayloads(h.twin.proxy.requests);
    expect(new Set(payloads.map((p) => p.path.replace(/\d+/g, ':id').replace(/test-interaction-token-:id/, ':token'))).size).toBeGreaterThanOrEqual(4);
    for (const p of payloads) expect(p.payload.allowed_mentions, p.path).toEqual({ parse: [] });
  });
});
