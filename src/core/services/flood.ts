import type { CommandContext, CommandSpec } from '../commands/command.js';
import { defaultPolicy, type Policy } from '../model/policy.js';
import { ok, type Result } from '../shared/result.js';
import { errT } from '../i18n/localized.js';
import type { ParamsOf } from '../i18n/catalogue-types.js';

/*
 * Flood limits: a member cannot open a thousand motions or make the bot post
 * a thousand messages, and neither can everyone in one room together.
 *
 * - Buckets: commands per member per minute and per room per minute;
 *   motions moved per member per hour and per room per hour. The limits are
 *   the room's assembly policy (`assembly policy flood-… N`), the defaults
 *   for a room that is not an assembly.
 * - Votes are not counted. A plenary of 5,000 votes in a burst of hundreds
 *   per second on one motion, which a per-room bucket would cut off; and a
 *   vote cannot flood: it answers only the voter, a ballot replaces the
 *   voter's earlier one, and the public tally is one edited message.
 * - Fixed windows (the minute or hour on the clock), counted in the
 *   deployment's database (`FloodCounter`), so several worker processes share
 *   one count; a burst across a window's edge may reach twice the limit,
 *   which is still far from a thousand.
 * - Commands are counted before their arguments are read and before the
 *   permission check, so malformed and refused commands count too.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Not counted at all (see above). */
export const FLOOD_EXEMPT: ReadonlySet<string> = new Set(['vote']);

/** Commands that move a motion (each also counts as a command). */
export const MOVES_MOTION: ReadonlySet<string> = new Set([
  'motion propose',
  'circle forward',
  'election call',
  'recall',
  'mandate',
  'federation join',
  'federation leave',
  'proposal draft',
  'proposal amend',
  'proposal respond',
  'proposal forward',
]);

/** Counts this command against its buckets; `rate-limited` with the wait when one is full. */
export async function floodCheck(ctx: CommandContext, spec: CommandSpec): Promise<Result<true>> {
  const path = spec.path.join(' ');
  if (FLOOD_EXEMPT.has(path)) return ok(true);
  const { limits, scope } = await limitsFor(ctx);
  // A member's buckets are per assembly: the limits are that assembly's policy, and being busy in one
  // assembly does not slow the same person down in another.
  const member = `m:${ctx.actor.platform}:${ctx.actor.externalId}:${scope}`;
  const room = `r:${ctx.room.platform}:${ctx.room.roomId}`;
  const buckets: [string, number, number, ParamsOf<'flood.refused'>['why']][] = [
    [`${member}:cmd`, MINUTE, limits.memberCommandsPerMinute, 'member_commands'],
    [`${room}:cmd`, MINUTE, limits.roomCommandsPerMinute, 'room_commands'],
  ];
  if (MOVES_MOTION.has(path)) {
    buckets.push([`${member}:motion`, HOUR, limits.memberMotionsPerHour, 'member_motions']);
    buckets.push([`${room}:motion`, HOUR, limits.roomMotionsPerHour, 'room_motions']);
  }
  const now = ctx.deps.clock.now().getTime();
  for (const [key, window, limit, why] of buckets) {
    const start = Math.floor(now / window) * window;
    const count = await ctx.deps.flood.hit(key, new Date(start));
    if (count > limit) {
      const wait = Math.max(1, Math.ceil((start + window - now) / 1000));
      return errT('rate-limited', 'flood.refused', { why, limit, wait });
    }
  }
  return ok(true);
}

/** The room's assembly's limits and the scope of a member's buckets (the assembly, else the unbound room). */
async function limitsFor(ctx: CommandContext): Promise<{ limits: Policy['flood']; scope: string }> {
  const reads = ctx.deps.store.read;
  const binding = await reads.bindingByRoom(ctx.room.platform, ctx.room.roomId);
  const assembly = binding ? await reads.assembly(binding.assemblyId) : null;
  return assembly ? { limits: assembly.policy.flood, scope: `a:${assembly.id}` } : { limits: defaultPolicy().flood, scope: `r:${ctx.room.roomId}` };
}
