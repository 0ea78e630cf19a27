import { describe, expect, it } from 'vitest';
import { describeAssembly, type Scenario } from '../../../src/core/testing/scenario.js';
import { applyPolicyChange } from '../../../src/core/services/assembly.service.js';
import { electorates, followRole } from '../../../src/core/services/electorate.service.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';

const ROLE = '123456789012345678';
const account = (name: string) => ({ platform: 'console' as const, externalId: name, displayName: name });

async function roleTown(): Promise<{ s: Scenario; room: string; id: Parameters<typeof followRole>[1]; status: (who: string) => Promise<string | null>; events: () => Promise<{ type: string; payload: Record<string, unknown> }[]> }> {
  const { s, room } = await describeAssembly({ name: 'Role Town', members: ['ana', 'ben', 'cy', 'troll'] });
  const id = (await s.deps.store.read.bindingByRoom('console', room))!.assemblyId;
  const status = async (who: string): Promise<string | null> => {
    const p = await s.deps.store.read.personByAccount('console', who);
    return p ? ((await s.deps.store.read.membership(id, p.id))?.status ?? null) : null;
  };
  const events = async () => (await s.deps.store.read.events(id)) as never;
  expect((await s.run('ana', room, `assembly policy electorate role:<@&${ROLE}>`)).ok).toBe(true);
  return { s, room, id, status, events };
}

describe('GIVEN the electorate policy', () => {
  it('WHEN it is set THEN only a role mention or a role id is taken, and commands puts joining back', () => {
    const p = defaultPolicy();
    expect(applyPolicyChange(p, 'electorate', `role:<@&${ROLE}>`)).toMatchObject({ ok: true, value: { electorateRole: ROLE } });
    expect(applyPolicyChange(p, 'electorate', `role: ${ROLE}`)).toMatchObject({ ok: true, value: { electorateRole: ROLE } });
    for (const bad of ['role:', 'role:@Members', 'role:<@123456>', 'role:<#123456>', `role:<@&${'9'.repeat(26)}>`, 'members', ROLE, 'role:<@&12>x']) {
      const r = applyPolicyChange(p, 'electorate', bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.error.message).toContain('electorate must be role:@Role');
    }
    const set = applyPolicyChange(p, 'electorate', `role:${ROLE}`);
    const cleared = set.ok ? applyPolicyChange(set.value, 'electorate', 'commands') : set;
    expect(cleared.ok && cleared.value.electorateRole).toBeUndefined();
    expect(cleared.ok).toBe(true);
  });
});

describe('GIVEN an assembly whose members are the holders of a role', () => {
  it('WHEN a holder arrives THEN they join once (a repeated event changes nothing), recorded as by role', async () => {
    const t = await roleTown();
    expect(await followRole(t.s.deps, t.id, account('dee'), true)).toBe('joined');
    expect(await followRole(t.s.deps, t.id, account('dee'), true)).toBe('unchanged');
    expect(await t.status('dee')).toBe('active');
    expect((await t.events()).filter((e) => e.type === 'member.joined' && e.payload.byRole === ROLE)).toHaveLength(1);
  });

  it('WHEN a member who voted loses the role THEN they leave and their ballot on the open motion no longer counts', async () => {
    const t = await roleTown();
    await t.s.run('ana', t.room, 'motion propose "Paint the hall"');
    expect((await t.s.run('ben', t.room, 'vote 1 yes')).ok).toBe(true);
    expect(await followRole(t.s.deps, t.id, account('ben'), false)).toBe('left');
    expect(await followRole(t.s.deps, t.id, account('ben'), false)).toBe('unchanged');
    const events = await t.events();
    expect(events.some((e) => e.type === 'member.left' && e.payload.lostRole === ROLE)).toBe(true);
    expect(events.some((e) => e.type === 'ballot.voided' && e.payload.motion === 1)).toBe(true);
    expect((await t.s.run('ben', t.room, 'vote 1 no')).ok).toBe(false);
  });

  it('WHEN an excluded person holds the role THEN they stay excluded: only an admission motion readmits', async () => {
    const t = await roleTown();
    await t.s.run('ana', t.room, 'motion propose "Exclude troll" --kind exclusion --person troll');
    for (const who of ['ana', 'ben', 'cy']) await t.s.run(who, t.room, 'vote 1 yes');
    await t.s.run('troll', t.room, 'vote 1 no');
    expect(await t.status('troll')).toBe('excluded');
    expect(await followRole(t.s.deps, t.id, account('troll'), true)).toBe('unchanged');
    expect(await followRole(t.s.deps, t.id, account('troll'), false)).toBe('unchanged');
    expect(await t.status('troll')).toBe('excluded');
  });

  it('WHEN someone never seen loses a role THEN nothing is created or recorded', async () => {
    const t = await roleTown();
    const before = (await t.events()).length;
    expect(await followRole(t.s.deps, t.id, account('stranger'), false)).toBe('unchanged');
    expect(await t.s.deps.store.read.personByAccount('console', 'stranger')).toBeNull();
    expect((await t.events()).length).toBe(before);
  });

  it('WHEN someone runs join where no platform can tell roles (the console) THEN they are refused with what to do, and nothing is written', async () => {
    const t = await roleTown();
    const r = await t.s.run('eve', t.room, 'join');
    expect(r.ok).toBe(false);
    expect(r.text).toContain('holders of a Discord role');
    expect(await t.status('eve')).toBeNull();
  });

  it('WHEN the electorate is put back to commands THEN role changes no longer move anyone', async () => {
    const t = await roleTown();
    expect((await t.s.run('ana', t.room, 'assembly policy electorate commands')).ok).toBe(true);
    expect(await followRole(t.s.deps, t.id, account('ben'), false)).toBe('unchanged');
    expect(await t.status('ben')).toBe('active');
  });
});

describe('GIVEN many assemblies of which one follows a role', () => {
  it('WHEN the role electorates are looked up THEN only that assembly is read, not every assembly of the deployment', async () => {
    const t = await roleTown();
    await t.s.deps.store.transaction(async (tx) => {
      await tx.bindRoom({ platform: 'discord', roomId: '222', serverId: '111', assemblyId: t.id, purpose: 'announcements' });
      for (let i = 0; i < 300; i++) await tx.createAssembly({ kind: 'local', name: `Quiet ${i}`, level: 0, parentAssemblyId: null, policy: defaultPolicy() });
    });
    let reads = 0;
    const read = new Proxy(t.s.deps.store.read, {
      get(target, key) {
        const v: unknown = Reflect.get(target, key);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (key === 'assembly' || key === 'bindingsOf') reads++;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const store = new Proxy(t.s.deps.store, { get: (target, key) => (key === 'read' ? read : (Reflect.get(target, key) as unknown)) });
    const found = await electorates({ ...t.s.deps, store }, 'discord');
    expect(found.map((e) => [e.assembly.id, e.serverId, e.roleId])).toEqual([[t.id, '111', ROLE]]);
    // One assembly and its bindings: a walk over every assembly reads 302.
    expect(reads).toBe(2);
  });
});
