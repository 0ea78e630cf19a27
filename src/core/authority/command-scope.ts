import type { CommandContext, CommandSpec } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { resolveMotion } from '../services/motion.service.js';
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import { mayAttachTo, personMayActIn } from './authority.js';

/**
 * Which assembly a command changes, declared once per command so that no
 * command can act on another assembly unnoticed (a unit test holds every
 * command of the table to a declared scope):
 *
 * - `none`: changes no assembly (reads, the caller's own accounts);
 * - `room`: the assembly of the room it is typed in, as one of its members or
 *   facilitators (the dispatcher's permission check; the kind of motion it
 *   moves declares the rest, see `kind-reach.ts`);
 * - `motion`: the assembly of the motion it names (`Name#12` reaches any),
 *   as one of ITS members — whatever room it is typed in;
 * - `ballot`: like `motion`, checked where the ballot is written (the store
 *   refuses a non-member's ballot in the same statement, on the hot path);
 * - `new`: makes a new assembly of this unbound room and changes no other
 *   (`assembly setup --existing` binds it to one the actor facilitates:
 *   checked in its handler);
 * - `attach`: adds a part to an assembly it names (`--assembly` local,
 *   `--federation` top assembly, `--existing`), with that assembly's consent.
 */
export type CommandScope = 'none' | 'room' | 'motion' | 'ballot' | 'new' | 'attach';

export const COMMAND_SCOPES: Readonly<Record<string, CommandScope>> = {
  help: 'none',
  'link start': 'none',
  'link redeem': 'none',
  'assembly show': 'none',
  members: 'none',
  'motion show': 'none',
  'motion list': 'none',
  ballot: 'none',
  // The caller's own open motions, read across their assemblies.
  pending: 'none',
  // The caller's own account setting.
  remind: 'none',
  language: 'none',
  timezone: 'none',
  results: 'none',
  'motion blt': 'none',
  'motion csv': 'none',
  'audit verify': 'none',
  'audit export': 'none',
  // Posts the chain head to the assembly's own rooms; changes no state.
  'audit checkpoint': 'none',
  web: 'none',
  'federation show': 'none',
  'access status': 'none',
  seats: 'none',
  'delegate record': 'none',
  'proposal show': 'none',
  'proposal status': 'none',
  'proposal list': 'none',
  'proposal path': 'none',
  'law list': 'none',
  'law show': 'none',
  'committee show': 'none',
  'committee elect': 'room',
  'committee recall': 'room',
  'committee report': 'room',
  'committee ask': 'room',
  'committee room': 'attach',
  'assembly setup': 'new',
  'federation create': 'new',
  'assembly policy': 'room',
  join: 'room',
  leave: 'room',
  'member approve': 'room',
  'member role': 'room',
  'motion propose': 'room',
  'federation invite': 'room',
  'federation join': 'room',
  'federation leave': 'room',
  nominate: 'room',
  'nomination accept': 'room',
  'nomination withdraw': 'room',
  'election call': 'room',
  recall: 'room',
  mandate: 'room',
  'circle forward': 'room',
  'proposal draft': 'room',
  'proposal amend': 'room',
  'proposal withdraw': 'room',
  'proposal respond': 'room',
  'proposal forward': 'room',
  'motion second': 'motion',
  'motion withdraw': 'motion',
  'motion extend': 'motion',
  vote: 'ballot',
  'circle create': 'attach',
  'federation assembly': 'attach',
};

export const scopeOf = (spec: CommandSpec): CommandScope => COMMAND_SCOPES[spec.path.join(' ')] ?? 'room';

/**
 * The dispatcher's second gate, after the permission of the room: a command
 * that reaches past the room's assembly (a motion elsewhere, a part of
 * another assembly) is refused here unless the actor may act there. The
 * services re-check with the same functions inside their transaction.
 */
export async function authorizeCommand(ctx: CommandContext, spec: CommandSpec, args: unknown): Promise<Result<true>> {
  const scope = scopeOf(spec);
  if (scope !== 'motion' && scope !== 'attach') return ok(true);
  const a = (args ?? {}) as Record<string, unknown>;
  const reads = ctx.deps.store.read;
  const person = await reads.personByAccount(ctx.actor.platform, ctx.actor.externalId);
  if (scope === 'motion') {
    if (typeof a.motion !== 'string') return ok(true);
    const found = await resolveMotion(reads, ctx.room, a.motion);
    // Not found: the handler answers with its own message.
    if (!found.ok) return ok(true);
    const may = await personMayActIn(reads, person?.id ?? null, found.value.assembly);
    return may.ok ? may : errT(may.error.code, 'authority.motionMembersOnly', { number: found.value.motion.number, assembly: found.value.assembly.name });
  }
  const named = typeof a.assembly === 'string' ? await reads.assemblyByName(a.assembly) : null;
  const local = named?.kind === 'local' ? named : null;
  const federation = typeof a.federation === 'string' ? await reads.federationByName(a.federation) : null;
  const owner = local ?? (federation ? await reads.assembly(federation.rootAssemblyId) : null);
  if (!owner) return ok(true);
  if (!person) return mayAttachTo(reads, null, owner, federation);
  // Only the parts a room can become: the room itself must not already be an assembly (the handler says so).
  if ((await assemblyOfRoom(reads, ctx.room)).ok) return ok(true);
  return mayAttachTo(reads, person.id, owner, federation);
}
