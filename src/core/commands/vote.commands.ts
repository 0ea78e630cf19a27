import { z } from 'zod';
import { resultMessage } from '../messages/motion-messages.js';
import { personal } from '../messages/message.js';
import { describeChoice } from '../services/choice.js';
import { groupRankings, toBlt } from '../counting/index.js';
import { existingPerson } from '../services/identity.service.js';
import { resolveMotion } from '../services/motion.service.js';
import { vote } from '../services/vote.service.js';
import { ballotsCsv, motionResultsCsv } from '../services/results-csv.js';
import { ok } from '../shared/result.js';
import { zBool, zText, motionRefArg, zMotionRef } from './args.js';
import { defineCommand, reply, speechOf } from './command.js';
import { errT, selector } from '../i18n/localized.js';
import { defineMotionLookup } from './motion-lookup.js';

export const voteCommand = defineCommand({
  path: ['vote'],
  permission: 'anyone',
  args: [motionRefArg, { name: 'choice', positional: true, rest: true, type: 'string', required: true, suggest: 'option' }],
  schema: z.object({ motion: zMotionRef, choice: zText(2000) }),
  async handler(ctx, args) {
    const r = await vote(ctx.deps, ctx.actor, ctx.room, args.motion, args.choice);
    if (!r.ok) return r;
    const { motion, changed, unchanged, ballot, closedEarly } = r.value;
    const t = speechOf(ctx);
    const choice = describeChoice(motion, ballot.choice, t);
    const body = [unchanged ? t.t('vote.yourBallotSame', { choice }) : t.t('vote.yourBallot', { choice }), motion.secret ? t.t('vote.secretNote') : '', closedEarly ? t.t('vote.closedEarly') : t.t('vote.canChange')];
    const state = unchanged ? 'unchanged' : changed ? 'changed' : 'recorded';
    return ok(reply(personal(t.t('vote.title', { state, number: motion.number }), body.filter((l) => l !== '').join('\n'), { tone: 'success' })));
  },
});

export const ballotCommand = defineMotionLookup({
  path: ['ballot'],
  async handler(ctx, { motion }) {
    const reads = ctx.deps.store.read;
    const person = await existingPerson(reads, ctx.actor);
    const b = person ? await reads.ballot(motion.id, person.id) : null;
    const t = speechOf(ctx);
    if (!b) return ok(reply(personal(t.t('ballot.none', { number: motion.number }))));
    return ok(reply(personal(t.t('ballot.yours', { number: motion.number }), describeChoice(motion, b.choice, t))));
  },
});

export const resultsCommand = defineCommand({
  path: ['results'],
  permission: 'anyone',
  args: [motionRefArg, { name: 'voters', type: 'boolean' }],
  schema: z.object({ motion: zMotionRef, voters: zBool.optional() }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const r = await resolveMotion(reads, ctx.room, args.motion);
    if (!r.ok) return r;
    const { motion, assembly } = r.value;
    if (args.voters && motion.secret) return errT('secret', 'results.secretVoters', { number: motion.number });
    const t = speechOf(ctx);
    if (!motion.result) {
      const cast = await reads.countBallots(motion.id);
      const title = t.t('results.notClosed', { number: motion.number, status: t.t('motion.status', { status: selector(motion.status) }) });
      return ok(reply(personal(title, motion.closesAt ? t.t('results.soFar', { cast, closes: motion.closesAt }) : t.t('results.soFarNoDeadline', { cast }))));
    }
    const msg = { ...resultMessage(assembly, motion, ctx.deps.kinds.get(motion.kind)?.describe(motion, t), t), visibility: 'personal' as const };
    if (!args.voters) return ok(reply(msg));
    const ballots = await reads.ballots(motion.id);
    const names = await Promise.all(ballots.map(async (b) => `${(await reads.person(b.personId))?.displayName ?? '?'}: ${describeChoice(motion, b.choice, t)}`));
    return ok(reply(msg, personal(t.t('results.ballotsTitle', { number: motion.number }), names.sort().join('\n') || t.t('common.none'))));
  },
});

export const resultsBlt = defineMotionLookup({
  path: ['motion', 'blt'],
  async handler(ctx, { motion, assembly }) {
    const reads = ctx.deps.store.read;
    if (motion.method !== 'ranked') return errT('bad-input', 'blt.notRanked', { number: motion.number });
    if (!motion.result) return errT('closed', 'blt.notClosed', { number: motion.number, status: motion.status });
    const rankings = (await reads.ballots(motion.id)).flatMap((b) => (b.choice.kind === 'ranked' ? [b.choice.ranking] : []));
    const groups = groupRankings([...rankings].sort((a, b) => a.join(' ').localeCompare(b.join(' '))));
    const blt = toBlt({ candidates: motion.options, seats: motion.seats, withdrawn: [], ballots: groups, title: `${assembly.name} motion #${motion.number}: ${motion.title}` });
    const t = speechOf(ctx);
    return ok(reply(personal(t.t('blt.title', { number: motion.number, count: rankings.length }), t.t('blt.body'), { attachment: { filename: `motion-${motion.number}.blt`, content: blt } })));
  },
});

export const resultsCsv = defineCommand({
  path: ['motion', 'csv'],
  permission: 'anyone',
  args: [motionRefArg, { name: 'voters', type: 'boolean' }],
  schema: z.object({ motion: zMotionRef, voters: zBool.optional() }),
  async handler(ctx, args) {
    const reads = ctx.deps.store.read;
    const r = await resolveMotion(reads, ctx.room, args.motion);
    if (!r.ok) return r;
    const { motion, assembly } = r.value;
    if (args.voters && motion.secret) return errT('secret', 'csv.secretVoters', { number: motion.number });
    if (!motion.result) return errT('closed', 'csv.notClosed', { number: motion.number, status: motion.status });
    const t = speechOf(ctx);
    const base = `${assembly.name.replace(/[^\w.-]+/g, '-').slice(0, 60)}-motion-${motion.number}`;
    const results = personal(t.t('csv.results.title', { number: motion.number }), motion.secret ? t.t('csv.secretNote') : undefined, { attachment: { filename: `${base}-results.csv`, content: motionResultsCsv(assembly, motion) } });
    if (!args.voters) return ok(reply(results));
    const ballots = await Promise.all((await reads.ballots(motion.id)).map(async (b) => ({ ballot: b, voter: (await reads.person(b.personId))?.displayName ?? '?' })));
    return ok(reply(results, personal(t.t('csv.ballots.title', { number: motion.number, count: ballots.length }), undefined, { attachment: { filename: `${base}-ballots.csv`, content: ballotsCsv(motion, ballots) } })));
  },
});

export const voteCommands = [voteCommand, ballotCommand, resultsCommand, resultsBlt, resultsCsv];
