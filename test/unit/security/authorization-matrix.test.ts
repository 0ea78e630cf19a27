import { describe, expect, it } from 'vitest';
import type { CommandSpec, Permission } from '../../../src/core/commands/command.js';
import { dispatch } from '../../../src/core/commands/dispatch.js';
import { reply } from '../../../src/core/commands/command.js';
import type { MembershipStatus, MemberRole } from '../../../src/core/model/entities.js';
import { defaultPolicy } from '../../../src/core/model/policy.js';
import { plenaryCommandTable } from '../../../src/core/plenary.js';
import { personFor } from '../../../src/core/services/identity.service.js';
import { ok } from '../../../src/core/shared/result.js';
import { Scenario } from '../../../src/core/testing/scenario.js';

/*
 * The authorization matrix (issue 14): every command of the table, run by
 * each kind of person in the room where their standing holds, in another
 * assembly's room and in a room that is no assembly. What each cell expects
 * is derived from the command's `permission` alone; the handler is replaced
 * by a recorder, so a cell asks only "did the dispatcher let it through?".
 *
 * DECIDED is the security review of the table: a command added without a
 * line here fails, so nobody adds one without deciding who may run it.
 */
const DECIDED: Readonly<Record<string, Permission>> = {
  help: 'anyone',
  'assembly setup': 'room-admin',
  'assembly show': 'in-assembly-room',
  'assembly policy': 'facilitator',
  join: 'in-assembly-room',
  leave: 'in-assembly-room',
  members: 'in-assembly-room',
  'member approve': 'facilitator',
  'member role': 'facilitator',
  'link start': 'anyone',
  'link redeem': 'anyone',
  'motion propose': 'member',
  'motion second': 'member',
  'motion withdraw': 'member',
  'motion extend': 'member',
  'motion show': 'anyone',
  'motion list': 'in-assembly-room',
  'law list': 'in-assembly-room',
  'law show': 'anyone',
  'committee room': 'room-admin',
  'committee elect': 'member',
  'committee recall': 'member',
  'committee report': 'member',
  'committee ask': 'member',
  'committee show': 'anyone',
  vote: 'anyone',
  ballot: 'anyone',
  pending: 'anyone',
  remind: 'anyone',
  language: 'anyone',
  timezone: 'anyone',
  results: 'anyone',
  'motion blt': 'anyone',
  'motion csv': 'anyone',
  'audit verify': 'member',
  'audit export': 'member',
  'audit checkpoint': 'member',
  web: 'member',
  'circle create': 'room-admin',
  'circle forward': 'member',
  seats: 'in-assembly-room',
  nominate: 'member',
  'nomination accept': 'member',
  'nomination withdraw': 'member',
  'election call': 'member',
  recall: 'member',
  'delegate record': 'in-assembly-room',
  mandate: 'member',
  'access status': 'member',
  'federation create': 'room-admin',
  'federation assembly': 'room-admin',
  'federation invite': 'in-assembly-room',
  'federation join': 'member',
  'federation leave': 'member',
  'federation show': 'anyone',
  'proposal draft': 'member',
  'proposal amend': 'member',
  'proposal withdraw': 'member',
  'proposal respond': 'member',
  'proposal forward': 'member',
  'proposal show': 'anyone',
  'proposal status': 'anyone',
  'proposal list': 'in-assembly-room',
  'proposal path': 'in-assembly-room',
};

/** A person's standing in one room: what the permission rules look at. */
interface Standing {
  readonly bound: boolean;
  readonly status?: MembershipStatus;
  readonly role?: MemberRole;
  readonly roomAdmin: boolean;
}

/** The oracle: who each permission lets through, written from its documentation in command.ts. */
function expected(permission: Permission, s: Standing): boolean {
  switch (permission) {
    case 'anyone':
      return true;
    case 'room-admin':
      return s.roomAdmin;
    case 'in-assembly-room':
      return s.bound;
    case 'member':
      return s.bound && s.status === 'active';
    case 'facilitator':
      return s.bound && s.status === 'active' && s.role === 'facilitator';
  }
}

const ROOMS = ['#home', '#delegates', '#lobby'] as const;
type Room = (typeof ROOMS)[number];
const ACTORS = ['stranger', 'non-member', 'excluded', 'member', 'facilitator', 'recalled-delegate', 'room-admin'] as const;
type ActorName = (typeof ACTORS)[number];

/**
 * Home (a local assembly, #home) and its delegates' assembly (#delegates);
 * #lobby is no assembly. The recalled delegate is an active member of Home
 * whose seat in the delegates' assembly ended (status left); the room admin
 * administers #home on its platform and belongs to nothing.
 */
const STANDING: Record<ActorName, Partial<Record<Room, { status: MembershipStatus; role: MemberRole }>>> = {
  stranger: {},
  'non-member': {},
  excluded: { '#home': { status: 'excluded', role: 'member' } },
  member: { '#home': { status: 'active', role: 'member' } },
  facilitator: { '#home': { status: 'active', role: 'facilitator' } },
  'recalled-delegate': { '#home': { status: 'active', role: 'member' }, '#delegates': { status: 'left', role: 'member' } },
  'room-admin': {},
};
const ADMINS: Partial<Record<ActorName, Room>> = { 'room-admin': '#home' };

async function world(): Promise<Scenario> {
  const s = new Scenario();
  await s.deps.store.transaction(async (tx) => {
    const home = await tx.createAssembly({ kind: 'local', name: 'Home', level: 0, parentAssemblyId: null, policy: defaultPolicy() });
    const delegates = await tx.createAssembly({ kind: 'delegates', name: 'Home Delegates', level: 1, parentAssemblyId: null, policy: defaultPolicy() });
    const ids = { '#home': home.id, '#delegates': delegates.id };
    await tx.bindRoom({ platform: 'console', roomId: '#home', assemblyId: home.id, purpose: 'main' });
    await tx.bindRoom({ platform: 'console', roomId: '#delegates', assemblyId: delegates.id, purpose: 'delegates' });
    for (const name of ACTORS) {
      if (name === 'stranger') continue;
      const person = await personFor(tx, { platform: 'console', externalId: name, displayName: name });
      for (const [room, m] of Object.entries(STANDING[name])) await tx.upsertMembership({ assemblyId: ids[room as '#home' | '#delegates'], personId: person.id, ...m });
    }
  });
  return s;
}

/** Arguments that pass the command's schema, so a cell tests permission and nothing else. */
function argsFor(spec: CommandSpec): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const a of spec.args) {
    if (!a.required) continue;
    args[a.name] = a.type === 'choice' ? a.choices?.[0] : a.type === 'integer' ? '1' : a.type === 'boolean' ? true : a.type === 'list' ? ['first', 'second'] : a.type === 'user' ? 'someone' : 'Sample-1';
  }
  return args;
}

describe('GIVEN the command table', () => {
  const table = plenaryCommandTable();

  it('THEN every command has a decided permission, and it is the one reviewed here', () => {
    const actual = Object.fromEntries(table.map((c) => [c.path.join(' '), c.permission]));
    expect(actual).toEqual(DECIDED);
  });

  it('THEN claiming a room (setup, founding, circles, middle assemblies) needs the platform room admin', () => {
    for (const path of ['assembly setup', 'federation create', 'federation assembly', 'circle create']) expect(DECIDED[path], path).toBe('room-admin');
  });

  it('THEN every cell of the matrix (command × person × room) is let through exactly as its permission says', async () => {
    const s = await world();
    const failures: string[] = [];
    const handled = new Set<string>();
    let cells = 0;
    for (const spec of table) {
      const recorder: CommandSpec = {
        ...spec,
        handler: (ctx) => {
          handled.add(ctx.requestId);
          return Promise.resolve(ok(reply()));
        },
      };
      const args = argsFor(spec);
      expect(spec.schema.safeParse(args).success, `arguments for ${spec.path.join(' ')}`).toBe(true);
      for (const actor of ACTORS) {
        for (const room of ROOMS) {
          // A fresh window per cell: this test is about permission, not flood limits.
          s.clock.advance(3_600_000);
          const roomAdmin = ADMINS[actor] === room;
          const out = await dispatch({ deps: s.deps, actor: { platform: 'console', externalId: actor, displayName: actor }, room: { platform: 'console', roomId: room }, requestId: `m-${String(cells)}`, roomAdmin }, recorder, args);
          const m = STANDING[actor][room];
          const want = expected(spec.permission, { bound: room !== '#lobby', roomAdmin, ...(m ?? {}) });
          cells++;
          const ran = handled.has(`m-${String(cells - 1)}`);
          if (ran !== want) failures.push(`${spec.path.join(' ')} · ${actor} · ${room}: expected ${want ? 'allowed' : 'refused'}, was ${ran ? 'allowed' : `refused (${out.replies[0]?.title ?? '?'})`}`);
          else if (!want && !['Members only', 'Excluded', 'Not allowed', 'Not found'].includes(out.replies[0]?.title ?? '')) failures.push(`${spec.path.join(' ')} · ${actor} · ${room}: refused without a permission reason: ${out.replies[0]?.title ?? '?'}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBe(table.length * ACTORS.length * ROOMS.length);
    console.info(`authorization matrix: ${String(cells)} cells (${String(table.length)} commands × ${String(ACTORS.length)} people × ${String(ROOMS.length)} rooms)`);
  });
});
