import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMemberCount, judgeDecision, type DecisionContext } from '../../../src/core/federation-protocol/index.js';
import { decisionBody } from '../../support/federation-peers.js';

const ctx = (over: Partial<DecisionContext> = {}): DecisionContext => ({ sender: 'dep_b', host: 'dep_b', currentVersion: 1, alreadyCounted: false, history: [], ...over });

describe('which decisions count', () => {
  it('GIVEN each case THEN host, version and replay decide in that order', () => {
    const d = decisionBody('dep_b/asm_42');
    expect(judgeDecision(d, ctx()).kind).toBe('count');
    expect(judgeDecision(d, ctx({ host: 'dep_c' }))).toMatchObject({ kind: 'refuse', reason: 'not_host' });
    expect(judgeDecision(d, ctx({ host: null }))).toMatchObject({ kind: 'refuse' });
    // A non-host's superseded replay is still refused, not merely recorded.
    expect(judgeDecision(d, ctx({ host: 'dep_c', currentVersion: 2, alreadyCounted: true }))).toMatchObject({ kind: 'refuse' });
    expect(judgeDecision(d, ctx({ currentVersion: 2 }))).toEqual({ kind: 'record', reason: 'superseded' });
    expect(judgeDecision({ ...d, version: 3 }, ctx({ currentVersion: 2 }))).toEqual({ kind: 'record', reason: 'unknown-version' });
    expect(judgeDecision(d, ctx({ alreadyCounted: true }))).toEqual({ kind: 'record', reason: 'replayed' });
  });

  it('GIVEN an honest history (each membership change is a chain event) THEN no report is ever flagged, in any order of arrival', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.record({ events: fc.integer({ min: 1, max: 50 }), joinsMinusLeaves: fc.integer({ min: -50, max: 50 }) }), { minLength: 1, maxLength: 12 }), fc.nat(), (start, steps, seed) => {
        let seq = 1;
        let members = start;
        const reports = [{ chainSeq: seq, members }];
        for (const s of steps) {
          seq += s.events;
          members = Math.max(0, members + Math.max(-s.events, Math.min(s.events, s.joinsMinusLeaves)));
          reports.push({ chainSeq: seq, members });
        }
        const shuffled = [...reports].sort((a, b) => ((a.chainSeq * 7919 + seed) % 101) - ((b.chainSeq * 7919 + seed) % 101));
        const history: typeof reports = [];
        for (const r of shuffled) {
          expect(checkMemberCount(history, r.chainSeq, r.members)).toEqual({ members: r.members, flags: [] });
          history.push(r);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN a report past 9, 99 and 9,999 members that grows faster than its chain THEN it is capped at what the events allow', () => {
    for (const before of [9, 99, 9999]) {
      const r = checkMemberCount([{ chainSeq: 100, members: before }], 105, before + 6);
      expect(r).toEqual({ members: before + 5, flags: [{ kind: 'inflated', fromSeq: 100, toSeq: 105, before, now: before + 6 }] });
    }
    // A report for an older head than one already kept must fit that later report too.
    expect(checkMemberCount([{ chainSeq: 50, members: 10 }], 40, 500)).toMatchObject({ members: 20, flags: [{ kind: 'inconsistent' }] });
  });
});
