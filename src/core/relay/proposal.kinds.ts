import { node } from '../i18n/stored.js';
import { resultSummaryMessage } from '../messages/result-summary.js';
import { federationOfDelegates } from '../federation/federation.service.js';
import type { EffectContext, MotionKindHandler } from '../services/motion-kinds.js';
import { asFederationId, asProposalId } from '../shared/ids.js';
import { ok, type Result } from '../shared/result.js';
import { ENGLISH, errT } from '../i18n/index.js';
import { cleanText, LIMITS } from '../shared/text.js';
import type { StoreTx } from '../ports/store.port.js';
import type { Assembly } from '../model/entities.js';
import { decisionRefusal, decisionRefused, recordDecisionsIn, sameDecision } from './decide.js';
import { relayMayAsk } from '../authority/authority.js';
import { endProposal, issueVersion } from './lifecycle.js';
import { adoptionRuleSchema, LIVE_PROPOSAL, proposalRef, type Decision, type Proposal } from './model.js';

const DAY = 86_400_000;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A live proposal that this assembly drafted (amend, withdraw). */
async function ownLiveProposal(tx: StoreTx, assembly: Assembly, id: unknown): Promise<Result<Proposal>> {
  const p = typeof id === 'string' ? await tx.relay.proposal(asProposalId(id)) : null;
  if (!p) return errT('not-found', 'relay.proposal.none');
  if (p.originAssemblyId !== assembly.id) return errT('forbidden', 'relay.proposal.notOwn', { ref: proposalRef(p) });
  if (!LIVE_PROPOSAL.includes(p.status) || p.closedAt) return errT('closed', 'relay.proposal.notLive', { ref: proposalRef(p), status: p.closedAt && p.status === 'adopted' ? 'closed' : p.status });
  return ok(p);
}

/**
 * `proposal-draft`, moved in an assembly of delegates. action `issue`: a new
 * proposal (title, text, adoption rule, optional deadline) relayed to the
 * whole subtree when passed; `amend`: the next version of a live proposal
 * (supersedes the current one everywhere); `withdraw`: ends it everywhere.
 */
export const proposalDraftKind: MotionKindHandler = {
  kind: 'proposal-draft',
  async prepare(tx, assembly, payload, now) {
    const action = str(payload.action);
    if (assembly.kind !== 'delegates') return errT('bad-input', 'relay.draft.notDelegates');
    if (action === 'withdraw') {
      const p = await ownLiveProposal(tx, assembly, payload.proposalId);
      return p.ok ? ok({ action, proposalId: p.value.id, ref: proposalRef(p.value) }) : p;
    }
    const title = cleanText('title', str(payload.title), LIMITS.title);
    if (!title.ok) return title;
    const text = cleanText('text', str(payload.text), LIMITS.body, { multiline: true });
    if (!text.ok) return text;
    if (action === 'amend') {
      const p = await ownLiveProposal(tx, assembly, payload.proposalId);
      if (!p.ok) return p;
      const note = cleanText('note', str(payload.changeNote), 500, { allowEmpty: true });
      if (!note.ok) return note;
      return ok({ action, proposalId: p.value.id, ref: proposalRef(p.value), fromVersion: p.value.currentVersion, title: title.value, text: text.value, changeNote: note.value });
    }
    if (action !== 'issue') return errT('bad-input', 'relay.draft.badAction');
    const federation = await federationOfDelegates(tx, assembly);
    if (!federation) return errT('bad-input', 'relay.draft.noFederation', { assembly: assembly.name });
    if (!(await tx.childEdges(assembly.id)).some((e) => e.federationId === federation.id)) return errT('bad-input', 'relay.draft.noMembers', { assembly: assembly.name });
    const rule = adoptionRuleSchema.safeParse(payload.rule);
    if (!rule.success) return errT('bad-input', 'relay.draft.rule');
    const days = payload.deadlineDays;
    if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365)) return errT('bad-input', 'relay.draft.deadline');
    const deadline = typeof days === 'number' ? new Date(now.getTime() + days * DAY).toISOString() : null;
    return ok({ action, federationId: federation.id, federationName: federation.name, title: title.value, text: text.value, rule: rule.data, deadline, ...(typeof payload.agendaItemId === 'string' ? { agendaItemId: payload.agendaItemId } : {}) });
  },
  async onPassed({ tx, deps, assembly, motion }) {
    const p = motion.payload;
    const action = str(p.action);
    if (action === 'withdraw' || action === 'amend') {
      const proposal = await tx.relay.lockProposal(asProposalId(str(p.proposalId)));
      const stale = !proposal || !LIVE_PROPOSAL.includes(proposal.status) || proposal.closedAt !== null || (action === 'amend' && proposal.currentVersion !== p.fromVersion);
      if (stale) {
        await tx.appendEvent(assembly.id, { type: 'proposal.not-applied', actorId: null, payload: { motion: motion.number, reason: `${str(p.ref)} changed while the vote ran` } }, deps.clock.now());
        return;
      }
      if (action === 'withdraw') await endProposal(tx, deps, proposal, 'withdrawn', motion.number);
      else await issueVersion(tx, deps, assembly, motion, { title: str(p.title), text: str(p.text), changeNote: str(p.changeNote) || null }, { kind: 'amend', proposal });
      return;
    }
    const rule = adoptionRuleSchema.parse(p.rule);
    await issueVersion(tx, deps, assembly, motion, { title: str(p.title), text: str(p.text), changeNote: null }, { kind: 'new', federationId: asFederationId(str(p.federationId)), rule, deadline: p.deadline ? new Date(str(p.deadline)) : null });
    if (typeof p.agendaItemId === 'string') await tx.relay.takeUpAgendaItem(p.agendaItemId, motion.id);
  },
  describe: (m, t = ENGLISH) => {
    const action = str(m.payload.action);
    if (action === 'withdraw') return t.t('relay.effect.withdraw', { ref: str(m.payload.ref) });
    if (action === 'amend') return t.t('relay.effect.amend', { ref: str(m.payload.ref) });
    return t.t('relay.effect.issue', { title: str(m.payload.title), federation: str(m.payload.federationName) });
  },
};

const RESPONSES: Record<string, Decision> = { accept: 'accepted', reject: 'rejected', amend: 'amend-requested' };

/**
 * `proposal-response`: an assembly's answer to a referral. The relay opens
 * one per referral (accept: yes; its failure is a rejection, with the tally
 * as the reason); members may also move their own (`proposal respond`):
 * reject with reasons, or ask for an amendment with its text. The last
 * response motion to pass decides.
 */
export const proposalResponseKind: MotionKindHandler = {
  kind: 'proposal-response',
  async prepare(tx, assembly, payload) {
    const proposal = typeof payload.proposalId === 'string' ? await tx.relay.proposal(asProposalId(payload.proposalId)) : null;
    if (!proposal) return errT('not-found', 'relay.proposal.none');
    const member = await relayMayAsk(tx, assembly, proposal.federationId);
    if (!member.ok) return member;
    const referral = await tx.relay.referralFor(proposal.id, proposal.currentVersion, assembly.id);
    if (!referral) return errT('not-found', 'relay.respond.notOffered', { ref: proposalRef(proposal), version: proposal.currentVersion, assembly: assembly.name });
    const refused = decisionRefused(referral, proposal, assembly.level);
    if (refused) return refused;
    const response = str(payload.response);
    if (!(response in RESPONSES)) return errT('bad-input', 'relay.respond.how');
    const text = cleanText('text', str(payload.text), LIMITS.body, { multiline: true, allowEmpty: response === 'accept' });
    if (!text.ok) return response === 'amend' ? errT(text.error.code, 'relay.respond.amendText') : response === 'reject' ? errT(text.error.code, 'relay.respond.rejectText') : text;
    return ok({ referralId: referral.id, proposalId: proposal.id, ref: proposalRef(proposal), version: referral.version, response, text: text.value, auto: false });
  },
  onPassed: () => Promise.resolve(),
  async onClosed(ctx: EffectContext) {
    const { tx, deps, assembly, motion, result } = ctx;
    const p = motion.payload;
    const response = RESPONSES[str(p.response)];
    if (!response) return;
    const passed = result.outcome === 'passed';
    // Only the relay's own acceptance motion turns "did not pass" into a decision (a rejection); a failed amendment request changes nothing.
    if (!passed && p.auto !== true) return;
    const [referral] = await tx.relay.lockReferrals([str(p.referralId)]);
    const proposal = referral ? await tx.relay.proposal(referral.proposalId) : null;
    const left = proposal ? await relayMayAsk(tx, assembly, proposal.federationId) : null;
    const why = left && !left.ok ? left.error.message : referral ? decisionRefusal(referral, proposal, assembly.level) : 'the referral is gone';
    if (!referral || !proposal || why) {
      await tx.appendEvent(assembly.id, { type: 'proposal.response-moot', actorId: null, payload: { motion: motion.number, reason: why } }, ctx.at);
      return;
    }
    const decision: Decision = passed ? response : 'rejected';
    // The record keeps the English as ever; the message beside it words the same facts for each reader.
    const text = passed ? str(p.text) || null : `The motion to accept did not pass (motion #${motion.number}: ${result.summary}).`;
    const message = passed ? undefined : node('relay.reason.acceptFailed', { number: motion.number, summary: resultSummaryMessage(motion, result) ?? result.summary });
    if (sameDecision(referral, { referralId: referral.id, decision, text })) return;
    await recordDecisionsIn(tx, deps, [{ referral, proposal, input: { referralId: referral.id, decision, text, ...(message ? { message } : {}), motion: { id: motion.id, number: motion.number, result, closedAt: ctx.at } } }]);
  },
  describe: (m, t = ENGLISH) => {
    const r = str(m.payload.response);
    const ref = `${str(m.payload.ref) || t.t('relay.effect.theProposal')}${typeof m.payload.version === 'number' ? ` v${m.payload.version}` : ''}`;
    if (r === 'accept' && m.payload.auto === true) return t.t('relay.effect.acceptAuto');
    return t.t('relay.effect.respond', { response: r === 'accept' || r === 'reject' ? r : 'amend', ref });
  },
};
