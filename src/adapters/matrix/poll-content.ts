import type { VoteControls } from '../../core/messages/message.js';
import type { MotionResult } from '../../core/model/entities.js';
import { errT } from '../../core/i18n/index.js';
import { ok, type Result } from '../../core/shared/result.js';
import { relatesTo, type RoomEvent } from './matrix-events.js';
import { inertMatrixText as inertMentions } from './mentions.js';

/**
 * Polls follow MSC3381. The event type is the unstable one, which is what
 * Element (Web, Android, iOS, X) renders in today's room versions; the content
 * carries both the unstable blocks and the stable `m.poll`/`m.text` blocks, so
 * a client reading either form shows the poll. Responses and ends of both
 * forms are read.
 */
export const POLL_START_TYPE = 'org.matrix.msc3381.poll.start';
export const POLL_END_TYPE = 'org.matrix.msc3381.poll.end';
export const POLL_START_TYPES: readonly string[] = ['m.poll.start', POLL_START_TYPE];
export const POLL_RESPONSE_TYPES: readonly string[] = ['m.poll.response', 'org.matrix.msc3381.poll.response'];
/** Our own block in the poll start: which motion the poll is for (trusted only when the bot sent the event). */
export const MOTION_BLOCK = 'org.plenary.motion';
/**
 * Marks a poll event as the bot's and as pinging nobody. `m.mentions: {}`
 * turns off the legacy body rules on homeservers that know intentional
 * mentions; `msgtype: m.notice` matches `.m.rule.suppress_notices`, which
 * every homeserver evaluates before the display-name, user-name and @room
 * rules, so a name in a motion title highlights nobody even on older ones.
 * Clients render polls by event type and ignore the msgtype.
 */
const QUIET = { msgtype: 'm.notice', 'm.mentions': {} } as const;

/** MSC3381 truncates answers to 20. */
export const MAX_POLL_ANSWERS = 20;

export interface PollAnswer {
  readonly id: string;
  readonly text: string;
}

export interface PollInfo {
  readonly motionId: string;
  readonly assemblyId: string;
  readonly motionNumber: number;
  readonly method: VoteControls['method'];
  readonly answerIds: readonly string[];
  readonly maxSelections: number;
}

/**
 * The answers of the poll for a motion, or null when the motion must not be a
 * poll: secret ballots (a response shows who voted what), ranked ballots (a
 * poll cannot rank) and approval with more options than a poll can hold.
 */
export function pollAnswers(c: VoteControls): PollAnswer[] | null {
  if (c.closed || c.secret) return null;
  if (c.method === 'yes-no-abstain') return [{ id: 'yes', text: 'Yes' }, { id: 'no', text: 'No' }, { id: 'abstain', text: 'Abstain' }];
  if (c.method === 'approval' && c.options.length <= MAX_POLL_ANSWERS) return c.options.map((o, i) => ({ id: String(i + 1), text: o }));
  return null;
}

export function pollStartContent(c: VoteControls, question: string, answers: readonly PollAnswer[]): Record<string, unknown> {
  const q = inertMentions(question);
  const list = answers.map((a, i) => `${i + 1}. ${inertMentions(a.text)}`).join('\n');
  const fallback = `${q}\n${list}`;
  const maxSelections = c.method === 'approval' ? answers.length : 1;
  return {
    body: fallback,
    'org.matrix.msc1767.text': fallback,
    'org.matrix.msc3381.poll.start': {
      kind: 'org.matrix.msc3381.poll.disclosed',
      max_selections: maxSelections,
      question: { 'org.matrix.msc1767.text': q, body: q, msgtype: 'm.text' },
      answers: answers.map((a) => ({ id: a.id, 'org.matrix.msc1767.text': inertMentions(a.text) })),
    },
    'm.text': [{ body: fallback }],
    'm.poll': {
      kind: 'm.disclosed',
      max_selections: maxSelections,
      question: { 'm.text': [{ body: q }] },
      answers: answers.map((a) => ({ 'm.id': a.id, 'm.text': [{ body: inertMentions(a.text) }] })),
    },
    [MOTION_BLOCK]: { motionId: c.motionId, assemblyId: c.assemblyId, number: c.motionNumber, method: c.method },
    ...QUIET,
  };
}

/** The poll a response points at and the answers it selects (stable `m.selections` or unstable `answers`). */
export function parsePollResponse(content: Readonly<Record<string, unknown>>): { pollId: string; selections: string[] } | null {
  const rel = relatesTo(content);
  if (rel.relType !== 'm.reference' || !rel.eventId) return null;
  const stable = content['m.selections'];
  const unstableBlock = content['org.matrix.msc3381.poll.response'];
  const unstable = typeof unstableBlock === 'object' && unstableBlock !== null ? (unstableBlock as Record<string, unknown>).answers : undefined;
  const raw = Array.isArray(stable) ? stable : Array.isArray(unstable) ? unstable : null;
  if (!raw) return null;
  return { pollId: rel.eventId, selections: raw.filter((s): s is string => typeof s === 'string').slice(0, 100) };
}

/** Reads back a poll the bot itself posted. */
export function parsePollInfo(e: RoomEvent): PollInfo | null {
  if (!POLL_START_TYPES.includes(e.type)) return null;
  const m = e.content[MOTION_BLOCK] as Record<string, unknown> | undefined;
  const start = e.content['org.matrix.msc3381.poll.start'] as Record<string, unknown> | undefined;
  if (!m || !start || typeof m.motionId !== 'string' || typeof m.assemblyId !== 'string' || typeof m.number !== 'number' || !Array.isArray(start.answers)) return null;
  const method = m.method === 'approval' ? 'approval' : m.method === 'yes-no-abstain' ? 'yes-no-abstain' : null;
  if (!method) return null;
  const answerIds = start.answers.map((a) => (typeof a === 'object' && a !== null ? (a as Record<string, unknown>).id : undefined)).filter((id): id is string => typeof id === 'string');
  const max = typeof start.max_selections === 'number' && start.max_selections >= 1 ? start.max_selections : 1;
  return { motionId: m.motionId, assemblyId: m.assemblyId, motionNumber: m.number, method, answerIds, maxSelections: max };
}

/**
 * A poll response as the text a member would type after `vote N`. Per
 * MSC3381 selections beyond max_selections are dropped and any unknown
 * answer spoils the response. An empty response ("unvote") is refused: a
 * ballot can be changed, not withdrawn.
 */
export function responseToChoice(poll: PollInfo, selections: readonly string[]): Result<string> {
  const picked = [...new Set(selections.slice(0, poll.maxSelections))];
  if (picked.some((s) => !poll.answerIds.includes(s))) return errT('bad-input', 'adapter.matrix.poll.notAnOption', { number: poll.motionNumber });
  if (picked.length === 0) return errT('bad-input', 'adapter.matrix.poll.empty', { number: poll.motionNumber });
  if (poll.method === 'yes-no-abstain') return ok(picked[0] ?? '');
  return ok(picked.map(Number).sort((a, b) => a - b).join(','));
}

/** Per-answer counts for `m.poll.results`, from the bot's authoritative tally. */
export function pollResults(c: VoteControls, result: MotionResult | null): Record<string, number> | undefined {
  if (!result) return undefined;
  if (c.method === 'yes-no-abstain') return { yes: result.tally.yes ?? 0, no: result.tally.no ?? 0, abstain: result.tally.abstain ?? 0 };
  if (c.method === 'approval') return Object.fromEntries(c.options.map((_o, i) => [String(i + 1), result.tally[String(i)] ?? 0]));
  return undefined;
}

export function pollEndContent(pollId: string, text: string, results?: Record<string, number>): Record<string, unknown> {
  const t = inertMentions(text);
  return {
    'm.relates_to': { rel_type: 'm.reference', event_id: pollId },
    'org.matrix.msc3381.poll.end': {},
    'org.matrix.msc1767.text': t,
    'm.text': [{ body: t }],
    ...(results ? { 'm.poll.results': results } : {}),
    body: t,
    ...QUIET,
  };
}
