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
import { proposalPath } from './proposal-path.command.js';

const proposalArg = { name: 'proposal', positional: true, type: 'string', required: true, suggest: 'proposal' } as const;
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
  permission: 'member',
  args: [
    { name: 'title', positional: true, rest: true, type: 'string' },
    { name: 'text', type: 'text', long: true },
    { name: 'rule', type: 'string', required: true },
    { name: 'deadline', type: 'integer' },
    { name: 'agenda', type: 'integer' },
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
  permission: 'member',
  args: [proposalArg, { name: 'text', type: 'text', long: true, required: true }, { name: 'title', type: 'string' }, { name: 'note', type: 'string' }],
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
  permission: 'member',
  args: [proposalArg],
  schema: z.object({ proposal: zRef }),
  handler: (ctx, args) => ownProposalMotion(ctx, args.proposal, (id) => ({ action: 'withdraw', proposalId: id }), (ref) => speechOf(ctx, 'public').t('relay.title.withdraw', { ref }), speechOf(ctx).t('relay.moved.withdraw')),
});

export const proposalRespond = defineCommand({
  path: ['proposal', 'respond'],
  permission: 'member',
  args: [proposalArg, { name: 'response', positional: true, type: 'choice', choices: ['accept', 'reject', 'amend'], required: true }, { name: 'text', type: 'text', long: true }],
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
  permission: 'member',
  args: [{ name: 'title', positional: true, rest: true, type: 'string', required: true }, { name: 'text', type: 'text', long: true, required: true }, { name: 'federation', type: 'string', required: true }],
  schema: z.object({ title: zText(LIMITS.title), text: zText(LIMITS.body), federation: zText(200) }),
  async handler(ctx, args) {
    const r = await propose(ctx.deps, ctx.actor, ctx.room, { kind: 'forward', title: args.title, body: args.text, payload: { federation: args.federation } });
    return r.ok ? moved(ctx, r.value, speechOf(ctx).t('relay.moved.forward', { federation: args.federation })) : r;
  },
});

export const proposalShow = defineCommand({
  path: ['proposal', 'show'],
  permission: 'anyone',
  args: [proposalArg, { name: 'version', type: 'integer' }],
  schema: z.object({ proposal: zRef, version: zInt(1, 10_000).optional() }),
  handler: async (ctx, args) => answer(await showProposal(ctx.deps.store.read, args.proposal, args.version, speechOf(ctx), ctx.deps.clock.now())),
});

export const proposalStatusCommand = defineCommand({
  path: ['proposal', 'status'],
  permission: 'anyone',
  args: [proposalArg],
  schema: z.object({ proposal: zRef }),
  handler: async (ctx, args) => answer(await proposalStatus(ctx.deps.store.read, args.proposal, speechOf(ctx))),
});

export const proposalList = defineCommand({
  path: ['proposal', 'list'],
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

export const proposalCommands = [proposalDraft, proposalAmend, proposalWithdraw, proposalRespond, proposalForward, proposalShow, proposalStatusCommand, proposalList, proposalPath];
