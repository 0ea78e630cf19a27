import { ComponentType, type APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { personal, publicMessage, type VoteControls } from '../../../src/core/messages/message.js';
import { asMotionId } from '../../../src/core/shared/ids.js';
import type { Motion } from '../../../src/core/model/entities.js';
import { DISCORD_LIMITS } from '../../../src/adapters/discord/limits.js';
import { nonceFor, postBody } from '../../../src/adapters/discord/payloads.js';
import { announcementControls, ballotControls, rankingStep, type Row } from '../../../src/adapters/discord/render-controls.js';
import { renderMessage, tallyField } from '../../../src/adapters/discord/render-message.js';

const UUID = '0199a3b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';
const controls = (o: Partial<VoteControls> = {}): VoteControls => ({ motionId: UUID, motionNumber: 123456789, assemblyId: 'a', method: 'yes-no-abstain', options: [], seats: 1, secret: false, closed: false, ...o });
const twenty = Array.from({ length: 20 }, (_, i) => `Option ${i} ${'x'.repeat(95)}`);

const embedSize = (e: APIEmbed): number => (e.title ?? '').length + (e.description ?? '').length + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) + (e.footer?.text.length ?? 0);
const customIds = (rows: readonly Row[]): string[] => rows.flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));

describe('GIVEN texts longer than Discord allows', () => {
  const huge = 'word '.repeat(3000);
  const m = publicMessage('T'.repeat(400), huge, { fields: Array.from({ length: 30 }, (_, i) => ({ name: `N${i}`.repeat(200), value: huge })), controls: controls() });
  const [embed] = renderMessage(m).embeds;

  it('THEN title, description, fields and the whole embed stay within the limits', () => {
    expect(embed!.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(embed!.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(embed!.fields!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFields);
    for (const f of embed!.fields!) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
    expect(embedSize(embed!)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  });

  it('THEN clipped text ends with … and says the full text is available with /motion show', () => {
    expect(embed!.description).toMatch(/…\s?\(truncated: the full text is available with \/motion show 123456789\)$/);
    expect(embed!.footer?.text).toMatch(/not shown/);
  });

  it('THEN a short message is left exactly as it was', () => {
    const [e] = renderMessage(personal('Hello', 'Short body')).embeds;
    expect(e).toMatchObject({ title: 'Hello', description: 'Short body' });
  });

  it('THEN an emoji at the cut is never split in half', () => {
    const [e] = renderMessage(personal('t', '😀'.repeat(3000))).embeds;
    expect(e!.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(e!.description).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('GIVEN user text that tries to ping', () => {
  const evil = '@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678>';
  it('THEN every mention in title, body, fields and option labels is inert', () => {
    const r = renderMessage(publicMessage(evil, evil, { fields: [{ name: evil, value: evil }], controls: controls({ method: 'approval', options: [evil, 'b'] }) }));
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@[!&]?\d/);
  });
  it('THEN the REST body allows no mentions at all and carries a ≤25-character stable nonce with enforce_nonce', () => {
    const { body } = postBody(renderMessage(publicMessage(evil)), 'motion-open:x:discord:123');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.enforce_nonce).toBe(true);
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(body.nonce).toBe(nonceFor('motion-open:x:discord:123'));
    expect(nonceFor('a')).not.toBe(nonceFor('b'));
  });
});

describe('GIVEN vote controls', () => {
  it('THEN every custom_id stays within 100 characters and is versioned, even for uuids and 20 options', () => {
    const all = [
      ...announcementControls(controls()),
      ...announcementControls(controls({ method: 'approval', options: twenty })),
      ...announcementControls(controls({ method: 'ranked', options: twenty })),
      ...ballotControls(controls({ method: 'approval', options: twenty })),
      ...rankingStep(controls({ method: 'ranked', options: twenty }), Array.from({ length: 19 }, (_, i) => i)),
    ];
    const ids = customIds(all);
    expect(ids.length).toBeGreaterThan(8);
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      expect(id).toMatch(/^pl1:/);
    }
  });

  it('THEN yes/no gets three buttons, approval a multi-select, ranked a button to start ranking', () => {
    expect(customIds(announcementControls(controls()))).toEqual([`pl1:v:${UUID}:y`, `pl1:v:${UUID}:n`, `pl1:v:${UUID}:a`, `pl1:my:${UUID}`]);
    const [approval] = announcementControls(controls({ method: 'approval', options: ['A', 'B', 'C'] }));
    expect(approval!.components[0]).toMatchObject({ type: ComponentType.StringSelect, min_values: 0, max_values: 3 });
    expect(customIds(announcementControls(controls({ method: 'ranked', options: ['A', 'B'] })))[0]).toBe(`pl1:rk:${UUID}:`);
  });

  it('THEN a closed motion renders its controls disabled and shows no live tally', () => {
    const r = renderMessage(publicMessage('closed', undefined, { controls: controls({ closed: true }) }));
    expect(r.components.flatMap((row) => row.components).every((c) => c.disabled === true)).toBe(true);
    expect(r.embeds[0]!.fields ?? []).toEqual([]);
  });

  it('THEN the ranking step offers only what is not ranked yet, and Submit needs at least one choice', () => {
    const [select, buttons] = rankingStep(controls({ method: 'ranked', options: ['A', 'B', 'C'] }), [2]);
    expect(select!.components[0]).toMatchObject({ custom_id: `pl1:rk:${UUID}:2`, placeholder: 'Your 2nd choice…', options: [{ value: '0' }, { value: '1' }] });
    expect(buttons!.components[0]).toMatchObject({ custom_id: `pl1:rs:${UUID}:2`, disabled: false });
    const [, first] = rankingStep(controls({ method: 'ranked', options: ['A', 'B'] }), []);
    expect(first!.components[0]).toMatchObject({ disabled: true });
  });

  it('THEN a secret ballot shows how many voted, never the counts', () => {
    const motion = { id: asMotionId(UUID), secret: true } as Motion;
    const f = tallyField(controls({ secret: true }), { motion, ballots: 7, counts: null });
    expect(f.value).toBe('7 ballots cast');
    const open = tallyField(controls(), { motion, ballots: 3, counts: { yes: 2, no: 1 } });
    expect(open.value).toBe('Yes 2 · No 1 · Abstain 0 — 3 ballots cast');
  });
});
