import { LIMITS } from '../shared/text.js';
import { z } from 'zod';
import { personal, type OutMessage } from '../messages/message.js';
import { zInt, zText } from '../commands/args.js';
import { defineCommand, reply, speechOf, type CommandContext } from '../commands/command.js';
import { assemblyOfRoom } from '../services/assembly.service.js';
import { propose } from '../services/motion.service.js';
import { ok, type Result } from '../shared/result.js';
import { errT, selector } from '../i18n/index.js';
import type { Motion } from '../model/entities.js';
import { parseRule, proposalRef } from './model.js';
import { findProposal, proposalStatus, showProposal } from './status.js';

const proposalArg = { name: 'proposal', description: 'the proposal, e.g. P-12', positional: true, type: 'string', required: true, suggest: 'proposal' } as const;
const zRef = z.string().max(40);

/** A read that answers with its message, or with its refusal. */
const answer = (r: Result<OutMessage>): Result<ReturnType<typeof reply>> => (r.ok ? ok(reply(r.value)) : r);

/** The mover hears the motion's number, what passing it does (`what`, already worded) and when it opens. */
const moved = (ctx: CommandContext, m: Motion, what: string) => {
  const t = speechOf(ctx);
  return ok(reply(personal(t.t('fed.motionMoved', { number: m.number }), t.t('relay.moved.body', { what, open: m.status === 'open' ? 'yes' : 'no', seconds: m.secondsRequired }), { tone: 'success' })));
};

export const proposalDraft = defineCommand({
  path: ['proposal', 'draft'],
  summary: 'Move to issue a proposal to every member assembly below',
  help: 'In an assembly of delegates: moves a proposal-draft motion. If it passes, version 1 is relayed down the federation: every member assembly votes to accept or reject it (or asks for an amendment) under its own rules, and it is adopted — binding only the accepters — when the rule is met. Rules: a number of local assemblies (10), a share of those in scope (60%), or members covered (members:500). --agenda N takes up a text forwarded from below.',
  examples: ['proposal draft "Shared bike network" --text "…" --rule 60% --deadline 30', 'proposal draft --agenda 4 --rule 10'],
  permission: 'member',
  args: [
    { name: 'title', description: 'a one-line title', positional: true, rest: true, type: 'string' },
    { name: 'text', description: 'the full proposal text', type: 'text', long: true },
    { name: 'rule', description: 'adoption rule: 10, 60% or members:500', type: 'string', required: true },
    { name: 'deadline', description: 'days until it expires', type: 'integer' },
    { name: 'agenda', description: 'an agenda item forwarded from below', type: 'integer' },
  ],
  schema: z.object({ title: zText(LIMITS.title).optional(), text: zText(LIMITS.body).optional(), rule: z.string().max(40), deadline: zInt(1, 365).optional(), agenda: zInt(1, 1_000_000_000).optional() }),
  async handler(ctx, args) {
    const rule = parseRule(args.rule);
    if (!rule) return errT('bad-input', 'relay.rule.invalid', { rule: args.rule });
    let title = args.title ?? '';
    let text = args.text ?? '';
    let agendaItemId: string | undefined;
    if (args.agenda !== undefined) {
      const item = await ctx.deps.store.read.relay.agendaItemByNumber(args.agenda);
      const here = await assemblyOfRoom(ctx.deps.store.read, ctx.room);
      if (!item || !here.ok || item.assemblyId !== here.value.id) return errT('not-found', 'relay.agenda.notHere', { item: args.agenda });
      if (item.takenUpByMotionId) return errT('conflict', 'relay.agenda.taken', { item: args.agenda });
      title = title || item.title;
      text = text || item.text;
      agendaItemId = item.id;
    }
    if (!title.trim()) return errT('bad-input', 'relay.draft.noTitle');
    if (!text.trim()) return errT('bad-input', 'relay.draft.noText');
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'proposal-draft', title: speechOf(ctx, 'public').t('relay.title.draft', { title }).slice(0, 200), body: text, payload: { action: 'issue', title, text, rule, ...(args.deadline !== undefined ? { deadlineDays: args.deadline } : {}), ...(agendaItemId ? { agendaItemId } : {}) } });
    return r.ok ? moved(ctx, r.value, speechOf(ctx).t('relay.moved.draft')) : r;
  },
});

async function ownProposalMotion(ctx: CommandContext, ref: string, payload: (id: string) => Record<string, unknown>, title: (r: string) => string, what: string): Promise<Result<ReturnType<typeof reply>>> {
  const p = await findProposal(ctx.deps.store.read, ref);
  if (!p.ok) return p;
  const body = payload(p.value.id);
  const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'proposal-draft', title: title(proposalRef(p.value)), body: typeof body.text === 'string' ? body.text : '', payload: body });
  return r.ok ? moved(ctx, r.value, what) : r;
}

export const proposalAmend = defineCommand({
  path: ['proposal', 'amend'],
  summary: 'Move a new version of a proposal this assembly drafted',
  help: 'In the drafting assembly: moves a motion to issue the next version (e.g. after amendment requests). If it passes, the new version supersedes the old everywhere: open votes on the old one close, every assembly is offered the new one and shown what changed, and adoption starts afresh.',
  permission: 'member',
  args: [proposalArg, { name: 'text', description: 'the new full text', type: 'text', long: true, required: true }, { name: 'title', description: 'a new title (default: unchanged)', type: 'string' }, { name: 'note', description: 'what changed, in a line', type: 'string' }],
  schema: z.object({ proposal: zRef, text: zText(LIMITS.body), title: zText(LIMITS.title).optional(), note: zText(500).optional() }),
  async handler(ctx, args) {
    const p = await findProposal(ctx.deps.store.read, args.proposal);
    if (!p.ok) return p;
    const current = await ctx.deps.store.read.relay.version(p.value.id, p.value.currentVersion);
    const title = args.title ?? current?.title ?? '';
    return ownProposalMotion(ctx, args.proposal, (id) => ({ action: 'amend', proposalId: id, title, text: args.text, changeNote: args.note ?? '' }), (ref) => speechOf(ctx, 'public').t('relay.title.amend', { ref, title }), speechOf(ctx).t('relay.moved.amend'));
  },
});

export const proposalWithdraw = defineCommand({
  path: ['proposal', 'withdraw'],
  summary: 'Move to withdraw a proposal this assembly drafted',
  help: 'In the drafting assembly: moves a motion that, if passed, ends the proposal everywhere (open votes on it close; decisions taken stay in the record).',
  permission: 'member',
  args: [proposalArg],
  schema: z.object({ proposal: zRef }),
  handler: (ctx, args) => ownProposalMotion(ctx, args.proposal, (id) => ({ action: 'withdraw', proposalId: id }), (ref) => speechOf(ctx, 'public').t('relay.title.withdraw', { ref }), speechOf(ctx).t('relay.moved.withdraw')),
});

export const proposalRespond = defineCommand({
  path: ['proposal', 'respond'],
  summary: 'Move a response to a proposal from above: accept, reject (with reasons) or ask to amend',
  help: 'Every referred assembly already has a motion to accept (vote yes or no on it). This moves a further response motion: reject with --text giving the reasons, which travel up; amend with --text saying what to change, which reaches the drafting assembly grouped with other requests; or accept. The last response motion to pass decides.',
  permission: 'member',
  args: [proposalArg, { name: 'response', description: 'accept, reject or amend', positional: true, type: 'choice', choices: ['accept', 'reject', 'amend'], required: true }, { name: 'text', description: 'reasons (reject) or the change asked for (amend)', type: 'text', long: true }],
  schema: z.object({ proposal: zRef, response: z.enum(['accept', 'reject', 'amend']), text: zText(LIMITS.body).optional() }),
  async handler(ctx, args) {
    const p = await findProposal(ctx.deps.store.read, args.proposal);
    if (!p.ok) return p;
    const ref = proposalRef(p.value);
    const title = speechOf(ctx, 'public').t('relay.title.respond', { response: args.response, ref });
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'proposal-response', title, body: args.text ?? '', payload: { proposalId: p.value.id, response: args.response, text: args.text ?? '' } });
    return r.ok ? moved(ctx, r.value, speechOf(ctx).t('relay.moved.respond')) : r;
  },
});

export const proposalForward = defineCommand({
  path: ['proposal', 'forward'],
  summary: "Move to send a proposal text to this assembly's parent in a federation",
  help: 'In a local assembly or circle that is a member of a federation: moves a forward motion; if it passes, the text goes onto the agenda of its parent assembly of delegates, whose delegates may take it up as a new proposal (`proposal draft --agenda N`).',
  permission: 'member',
  args: [{ name: 'title', description: 'a one-line title', positional: true, rest: true, type: 'string', required: true }, { name: 'text', description: 'the proposal text', type: 'text', long: true, required: true }, { name: 'federation', description: 'the federation', type: 'string', required: true }],
  schema: z.object({ title: zText(LIMITS.title), text: zText(LIMITS.body), federation: zText(200) }),
  async handler(ctx, args) {
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'forward', title: args.title, body: args.text, payload: { federation: args.federation } });
    return r.ok ? moved(ctx, r.value, speechOf(ctx).t('relay.moved.forward', { federation: args.federation })) : r;
  },
});

export const proposalShow = defineCommand({
  path: ['proposal', 'show'],
  summary: 'The text of a proposal, its adoption rule and what changed',
  help: 'Shows a version (default: the current one) in full, with the change from the version before.',
  permission: 'anyone',
  args: [proposalArg, { name: 'version', description: 'which version', type: 'integer' }],
  schema: z.object({ proposal: zRef, version: zInt(1, 10_000).optional() }),
  handler: async (ctx, args) => answer(await showProposal(ctx.deps.store.read, args.proposal, args.version, speechOf(ctx), ctx.deps.clock.now())),
});

export const proposalStatusCommand = defineCommand({
  path: ['proposal', 'status'],
  summary: 'Where a proposal stands: counts for the whole tree and per level',
  help: 'The relay tree of the current version: accepted / rejected / asked to amend / pending local assemblies and members covered, for the whole scope and per level, the drafting assembly’s members, grouped amendment requests and rejections with reasons.',
  permission: 'anyone',
  args: [proposalArg],
  schema: z.object({ proposal: zRef }),
  handler: async (ctx, args) => answer(await proposalStatus(ctx.deps.store.read, args.proposal, speechOf(ctx))),
});

export const proposalList = defineCommand({
  path: ['proposal', 'list'],
  summary: "This assembly's proposals: offered to it, drafted by it, and its agenda",
  help: 'Lists proposals offered to this assembly (with its decision), proposals it drafted, and texts forwarded to it from below.',
  permission: 'in-assembly-room',
  args: [],
  schema: z.object({}),
  async handler(ctx) {
    const reads = ctx.deps.store.read;
    const a = await assemblyOfRoom(reads, ctx.room);
    if (!a.ok) return a;
    const t = speechOf(ctx);
    const [offered, drafted, agenda] = await Promise.all([reads.relay.referralsTo(a.value.id, 20), reads.relay.proposalsOf(a.value.id, 20), reads.relay.agendaItems(a.value.id, 20)]);
    const offeredLines = await Promise.all(
      offered.map(async (r) => {
        const p = await reads.relay.proposal(r.proposalId);
        const v = p ? await reads.relay.version(p.id, r.version) : null;
        return `• ${p ? proposalRef(p) : '?'} v${r.version} ${v?.title ?? ''}: ${t.t('relay.referralState', { status: selector(r.status) })}`;
      }),
    );
    const draftedLines = await Promise.all(drafted.map(async (p) => `• ${proposalRef(p)} v${p.currentVersion} ${(await reads.relay.version(p.id, p.currentVersion))?.title ?? ''}: ${t.t('relay.proposalState', { status: p.status })}`));
    const agendaLines = agenda.map((i) => t.t('relay.list.agendaLine', { item: i.number, title: i.title, taken: i.takenUpByMotionId ? 'yes' : 'no' }));
    const fields = [
      ...(offeredLines.length ? [{ name: t.t('relay.list.offered'), value: offeredLines.join('\n') }] : []),
      ...(draftedLines.length ? [{ name: t.t('relay.list.drafted'), value: draftedLines.join('\n') }] : []),
      ...(agendaLines.length ? [{ name: t.t('relay.list.agenda'), value: agendaLines.join('\n') }] : []),
    ];
    return ok(reply(personal(t.t('relay.list.title', { assembly: a.value.name }), fields.length ? undefined : t.t('relay.list.none'), { fields })));
  },
});

export const proposalCommands = [proposalDraft, proposalAmend, proposalWithdraw, proposalRespond, proposalForward, proposalShow, proposalStatusCommand, proposalList];
