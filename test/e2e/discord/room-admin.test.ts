import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import { personFor } from '../../../src/core/services/identity.service.js';
import { DiscordHarness, text } from '../../support/discord-harness.js';

/*
 * The authorization matrix's platform-mapped cells on Discord (the full
 * matrix runs on core dispatch: test/unit/security/authorization-matrix.test.ts).
 * Mallory is a plain server member: no role, no Manage Server or Manage
 * Channels. The room is bound through the store, so these cells do not
 * depend on who the platform lets set it up.
 */
describe('GIVEN a Discord server where mallory has no server permissions', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await DiscordHarness.start({ users: ['ana', 'ben', 'mallory'], channels: [{ name: 'town-square' }, { name: 'lobby' }, { name: 'workshop' }] });
    await h.core.store.transaction(async (tx) => {
      const a = await tx.createAssembly({ kind: 'local', name: 'Harbour', level: 0, parentAssemblyId: null, policy: defaultPolicy() });
      await tx.bindRoom({ platform: 'discord', roomId: h.twin.channel('town-square'), assemblyId: a.id, purpose: 'main' });
      const ana = await personFor(tx, { platform: 'discord', externalId: h.twin.user('ana'), displayName: 'ana' });
      await tx.upsertMembership({ assemblyId: a.id, personId: ana.id, status: 'active', role: 'facilitator' });
      const ben = await personFor(tx, { platform: 'discord', externalId: h.twin.user('ben'), displayName: 'ben' });
      await tx.upsertMembership({ assemblyId: a.id, personId: ben.id, status: 'active', role: 'member' });
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  const say = async (who: string, channel: string, command: string, options: Record<string, string> = {}): Promise<string> => text((await h.answer(await h.slash(who, channel, command, options))).message!);

  it.each([
    ['assembly setup', { name: 'Mallory Hall' }],
    ['federation assembly', { name: 'Mallory Delegates', federation: 'Anything' }],
    ['circle create', { name: 'Mallory Circle', assembly: 'Harbour' }],
  ] as const)('WHEN mallory runs /%s in a channel THEN it is refused and the channel stays unbound', async (command, options) => {
    expect(await say('mallory', 'lobby', command, options)).toContain('Only someone who administers this room');
    expect(await h.core.store.read.bindingByRoom('discord', h.twin.channel('lobby'))).toBeNull();
  });

  it('WHEN a member of Harbour (no server permissions) makes another channel its circle THEN it is refused', async () => {
    expect(await say('ben', 'workshop', 'circle create', { name: 'Workshop', assembly: 'Harbour' })).toContain('Only someone who administers this room');
  });

  it('WHEN mallory (a non-member in a bound room) seconds a motion or approves members THEN she is told members only; she may look at the assembly', async () => {
    expect(await say('mallory', 'town-square', 'motion second', { motion: '1' })).toContain('Only members of Harbour');
    expect(await say('mallory', 'town-square', 'member approve', { user: h.twin.user('mallory') })).toContain('Only members of Harbour');
    expect(await say('mallory', 'town-square', 'assembly show')).toContain('Harbour');
  });

  it('WHEN an ordinary member changes a setting THEN only facilitators may; the facilitator can', async () => {
    expect(await say('ben', 'town-square', 'assembly policy', { key: 'seconds', value: '1' })).toContain('Only facilitators of Harbour');
    expect(await say('ana', 'town-square', 'assembly policy', { key: 'seconds', value: '1' })).toContain('seconds set');
  });
});
