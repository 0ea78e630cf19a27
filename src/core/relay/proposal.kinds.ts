import { federationOfDelegates } from '../federation/federation.service.js';
import type { EffectContext, MotionKindHandler } from '../services/motion-kinds.js';
import { asFederationId, asProposalId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';
import { cleanText, LIMITS } from '../shared/text.js';
import type { StoreTx } from '../ports/store.port.js';
import type { Assembly } from '../model/entities.js';
import { decisionRefusal, recordDecisionsIn, sameDecision } from './decide.js';
import { relayMayAsk } from '../authority/authority.js';
import { endProposal, issueVersion } from './lifecycle.js';
import { adoptionRuleSchema, LIVE_PROPOSAL, proposalRef, type Decision, type Proposal } from './model.js';

const DAY = 86_400_000;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A live proposal that this assembly drafted (amend, withdraw). */
async function ownLiveProposal(tx: StoreTx, assembly: Assembly, id: unknown): Promise<Result<Proposal>> {
  const p = typeof id === 'string' ? await tx.relay.proposal(asProposalId(id)) : null;
  if (!p) return err('not-found', 'No such proposal.');
  if (p.originAssemblyId !== assembly.id) return err('forbidden', `${proposalRef(p)} was drafted by another assembly; only its drafters can change or withdraw it.`);
  if (!LIVE_PROPOSAL.includes(p.status) || p.closedAt) return err('closed', `${proposalRef(p)} is ${p.closedAt && p.status === 'adopted' ? 'closed' : p.status}.`);
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
    if (assembly.kind !== 'delegates') return err('bad-input', 'Proposals are drafted in an assembly of delegates. A local assembly or circle can send a text up with `proposal forward`.');
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
    if (action !== 'issue') return err('bad-input', 'A proposal-draft motion issues, amends or withdraws a proposal.');
    const federation = await federationOfDelegates(tx, assembly);
    if (!federation) return err('bad-input', `${assembly.name} is not an assembly of delegates of any federation.`);
    if (!(await tx.childEdges(assembly.id)).some((e) => e.federationId === federation.id)) return err('bad-input', `${assembly.name} has no member assemblies yet; there is nobody to offer a proposal to.`);
    const rule = adoptionRuleSchema.safeParse(payload.rule);
    if (!rule.success) return err('bad-input', 'State the adoption rule with --rule: a number of local assemblies (10), a share of them (60%), or members covered (members:500).');
    const days = payload.deadlineDays;
    if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365)) return err('bad-input', 'The deadline is a whole number of days from 1 to 365.');
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
  describe: (m) => {
    const action = str(m.payload.action);
    if (action === 'withdraw') return `withdraws ${str(m.payload.ref)} everywhere`;
    if (action === 'amend') return `issues a new version of ${str(m.payload.ref)}, superseding the current one everywhere`;
    return `issues the proposal "${str(m.payload.title)}" to every member assembly of ${str(m.payload.federationName)}`;
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
    if (!proposal) return err('not-found', 'No such proposal.');
    const member = await relayMayAsk(tx, assembly, proposal.federationId);
    if (!member.ok) return member;
    const referral = await tx.relay.referralFor(proposal.id, proposal.currentVersion, assembly.id);
    if (!referral) return err('not-found', `${proposalRef(proposal)} v${proposal.currentVersion} has not been offered to ${assembly.name}.`);
    const why = decisionRefusal(referral, proposal, assembly.level);
    if (why) return err('closed', why);
    const response = str(payload.response);
    if (!(response in RESPONSES)) return err('bad-input', 'Respond with accept, reject or amend.');
    const text = cleanText('text', str(payload.text), LIMITS.body, { multiline: true, allowEmpty: response === 'accept' });
    if (!text.ok) return err(text.error.code, response === 'amend' ? 'Say what to change with --text.' : response === 'reject' ? 'Give the reasons with --text; they travel up with the rejection.' : text.error.message);
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
    const text = passed ? str(p.text) || null : `The motion to accept did not pass (motion #${motion.number}: ${result.summary}).`;
    if (sameDecision(referral, { referralId: referral.id, decision, text })) return;
    await recordDecisionsIn(tx, deps, [{ referral, proposal, input: { referralId: referral.id, decision, text, motion: { id: motion.id, number: motion.number, result, closedAt: ctx.at } } }]);
  },
  describe: (m) => {
    const r = str(m.payload.response);
    const ref = `${str(m.payload.ref) || 'the proposal'}${typeof m.payload.version === 'number' ? ` v${m.payload.version}` : ''}`;
    if (r === 'accept') return m.payload.auto === true ? `accepts the proposal (if it fails, the proposal is rejected here)` : `accepts ${ref}`;
    if (r === 'reject') return `rejects ${ref}, with the reasons given`;
    return `asks the drafting assembly to amend ${ref}`;
  },
};
