import { describe, expect, it } from 'vitest';
import { parsePollInfo, parsePollResponse, pollAnswers, pollEndContent, pollResults, pollStartContent, responseToChoice } from '../../../src/adapters/matrix/poll-content.js';
import type { VoteControls } from '../../../src/core/messages/message.js';

const controls = (o: Partial<VoteControls> = {}): VoteControls => ({ motionId: 'm1', motionNumber: 4, assemblyId: 'a1', method: 'yes-no-abstain', options: [], seats: 1, secret: false, closed: false, ...o });

describe('GIVEN an open motion', () => {
  it('THEN yes/no and approval motions become polls; secret, ranked and oversized ones do not', () => {
    expect(pollAnswers(controls())?.map((a) => a.id)).toEqual(['yes', 'no', 'abstain']);
    expect(pollAnswers(controls({ method: 'approval', options: ['A', 'B', 'C'] }))?.map((a) => a.id)).toEqual(['1', '2', '3']);
    expect(pollAnswers(controls({ secret: true }))).toBeNull();
    expect(pollAnswers(controls({ method: 'ranked', options: ['A', 'B'] }))).toBeNull();
    expect(pollAnswers(controls({ method: 'approval', options: Array.from({ length: 21 }, (_, i) => `o${String(i)}`) }))).toBeNull();
    expect(pollAnswers(controls({ closed: true }))).toBeNull();
  });

  it('THEN the poll carries the stable and unstable forms, approval lets every option be picked, and it reads back', () => {
    const c = controls({ method: 'approval', options: ['Mon', 'Thu @room'] });
    const content = pollStartContent(c, 'Motion #4: Pick days', pollAnswers(c)!);
    expect(content['org.matrix.msc3381.poll.start']).toMatchObject({ kind: 'org.matrix.msc3381.poll.disclosed', max_selections: 2, answers: [{ id: '1', 'org.matrix.msc1767.text': 'Mon' }, { id: '2' }] });
    expect(content['m.poll']).toMatchObject({ kind: 'm.disclosed', max_selections: 2, question: { 'm.text': [{ body: 'Motion #4: Pick days' }] }, answers: [{ 'm.id': '1', 'm.text': [{ body: 'Mon' }] }, { 'm.id': '2' }] });
    expect(JSON.stringify(content)).not.toContain('@room');
    const info = parsePollInfo({ eventId: '$p', roomId: '!r', type: 'org.matrix.msc3381.poll.start', sender: '@bot:x', content, originServerTs: 0 });
    expect(info).toEqual({ motionId: 'm1', assemblyId: 'a1', motionNumber: 4, method: 'approval', answerIds: ['1', '2'], maxSelections: 2 });
  });
});

describe('GIVEN a poll response', () => {
  const yesNo = { motionId: 'm1', assemblyId: 'a1', motionNumber: 4, method: 'yes-no-abstain' as const, answerIds: ['yes', 'no', 'abstain'], maxSelections: 1 };
  const approval = { ...yesNo, method: 'approval' as const, answerIds: ['1', '2', '3'], maxSelections: 3 };

  it('THEN both the stable and the unstable form are read', () => {
    const rel = { 'm.relates_to': { rel_type: 'm.reference', event_id: '$poll' } };
    expect(parsePollResponse({ ...rel, 'm.selections': ['no'] })).toEqual({ pollId: '$poll', selections: ['no'] });
    expect(parsePollResponse({ ...rel, 'org.matrix.msc3381.poll.response': { answers: ['yes'] } })).toEqual({ pollId: '$poll', selections: ['yes'] });
    expect(parsePollResponse({ 'm.selections': ['no'] })).toBeNull();
  });

  it('THEN it becomes the text of a ballot, truncated to max_selections, spoiled by unknown answers, never empty', () => {
    expect(responseToChoice(yesNo, ['no', 'yes'])).toEqual({ ok: true, value: 'no' });
    expect(responseToChoice(approval, ['3', '1', '3'])).toEqual({ ok: true, value: '1,3' });
    expect(responseToChoice(yesNo, ['maybe']).ok).toBe(false);
    expect(responseToChoice(yesNo, []).ok).toBe(false);
  });

  it('THEN the end carries the official counts and inert text', () => {
    expect(pollResults(controls(), { outcome: 'passed', eligible: 3, ballots: 3, quorumMet: true, summary: '', tally: { yes: 2, no: 1 }, winners: [] })).toEqual({ yes: 2, no: 1, abstain: 0 });
    const end = pollEndContent('$poll', 'Result @room', { yes: 2 });
    expect(end).toMatchObject({ 'm.relates_to': { rel_type: 'm.reference', event_id: '$poll' }, 'org.matrix.msc3381.poll.end': {}, 'm.poll.results': { yes: 2 } });
    expect(end['org.matrix.msc1767.text']).toBe('Result @\u200broom');
  });
});
