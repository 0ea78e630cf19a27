import { describe, expect, it } from 'vitest';
import { quoted } from '../../../src/adapters/matrix/matrix-room-sender.js';
import { formatMotionRef } from '../../../src/core/services/motion-ref.js';
import { describeAssembly } from '../../../src/core/testing/scenario.js';

// A name holding `#` and digits: the reference grammar must still find the motion number.
const NAME = 'Riverside #2 Commons 7';
const MOTIONS = 101;

/** 101 open motions in one assembly, moved through the command table; the last is a secret ballot. */
async function busyAssembly() {
  const { s, room } = await describeAssembly({ name: NAME, members: ['ana', 'ben', 'cy'], policy: { 'early-close': 'false', 'flood-member-motions': '200', 'flood-room-motions': '200', 'flood-member-commands': '500' } });
  for (let n = 1; n <= MOTIONS; n++) {
    const moved = await s.run('ana', room, `motion propose "Item ${n}"${n === MOTIONS ? ' --secret' : ''}`);
    expect(moved.ok, moved.text).toBe(true);
  }
  return { s, room };
}

describe(`GIVEN an assembly called "${NAME}" with ${MOTIONS} open motions`, () => {
  it('WHEN members vote on motions 1, 9, 10, 11, 99, 100 and 101, by number, #number, Name#number and "Name #number" THEN each ballot lands on that motion', async () => {
    const { s, room } = await busyAssembly();
    const reads = s.deps.store.read;
    const assembly = (await reads.assemblyByName(NAME))!;
    const cy = await reads.personByAccount('console', 'cy');
    for (const n of [1, 9, 10, 11, 99, 100, 101]) {
      expect((await s.run('ben', room, `vote ${n} yes`)).first.title).toBe(`Vote recorded on motion #${n}`);
      expect((await s.run('ana', room, `vote #${n} no`)).first.title).toBe(`Vote recorded on motion #${n}`);
      // From a direct message (no assembly there), naming the assembly.
      expect((await s.run('cy', 'dm-cy', `vote "${NAME}#${n}" abstain`)).first.title).toBe(`Vote recorded on motion #${n}`);
      expect((await s.run('cy', 'dm-cy', `vote "${NAME} #${n}" yes`)).first.title).toBe(`Vote changed on motion #${n}`);
      const motion = (await reads.motionByNumber(assembly.id, n))!;
      expect(await reads.countBallots(motion.id)).toBe(3);
      expect((await reads.ballot(motion.id, cy!.id))?.choice).toEqual({ kind: 'yes-no-abstain', value: 'yes' });
      expect((await s.run('ben', room, `ballot #${n}`)).first.title).toBe(`Your ballot on motion #${n}`);
    }
    // Nothing leaked onto the motions a misread would have hit (assembly "1", motion 0 …).
    const untouched = (await reads.motionByNumber(assembly.id, 2))!;
    expect(await reads.countBallots(untouched.id)).toBe(0);
  }, 60_000);

  it("WHEN members follow the bot's own hints (the announcement's and Matrix's secret-ballot DM hint) THEN the hint resolves to its motion", async () => {
    const { s, room } = await busyAssembly();
    for (const n of [10, 11, 100]) {
      const announcement = s.chat.in(room).find((m) => m.title === `${NAME} · Motion #${n} is open for voting`);
      const hint = /To vote: `(vote \S+) yes\|no\|abstain`/.exec(announcement?.body ?? '')?.[1];
      expect(hint).toBe(`vote ${n}`);
      expect((await s.run('ben', room, `${hint!} yes`)).first.title).toBe(`Vote recorded on motion #${n}`);
    }
    const dmHint = `vote ${quoted(formatMotionRef(NAME, MOTIONS))} no`;
    expect((await s.run('cy', 'dm-cy', dmHint)).first.title).toBe(`Vote recorded on motion #${MOTIONS}`);
  }, 60_000);
});
