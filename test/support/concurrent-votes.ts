import type { Scenario } from '../../src/core/testing/scenario.js';
import type { MotionId } from '../../src/core/shared/ids.js';

/**
 * Moves motion #1 (early close off, so it stays open) and has `ben` send `n`
 * votes at once; returns how many replies carried each title, and how many
 * ballots the hash-chained record lists for the motion.
 */
export async function concurrentVotes(s: Scenario, room: string, n: number, choice: (i: number) => string): Promise<{ titles: Record<string, number>; motionId: MotionId; ballotsListedInRecord: number }> {
  const ready = await s.run('ana', room, 'assembly policy early-close false');
  if (!ready.ok) throw new Error(ready.text);
  const moved = await s.run('ana', room, 'motion propose "Paint it green"');
  if (!moved.ok) throw new Error(moved.text);
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => s.run('ben', room, `vote 1 ${choice(i)}`)));
  const titles: Record<string, number> = {};
  for (const r of replies) titles[r.first.title] = (titles[r.first.title] ?? 0) + 1;
  const reads = s.deps.store.read;
  const binding = await reads.bindingByRoom(s.chat.platform, room);
  if (!binding) throw new Error(`${room} is not an assembly`);
  const assembly = { id: binding.assemblyId };
  const motion = (await reads.motionByNumber(assembly.id, 1))!;
  const events = await reads.events(assembly.id);
  const listed = events.filter((e) => e.type === 'ballots.cast').reduce((sum, e) => sum + ((e.payload as { ballots?: unknown[] }).ballots?.length ?? 0), 0);
  return { titles, motionId: motion.id, ballotsListedInRecord: listed };
}
