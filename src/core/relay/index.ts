import type { CommandSpec } from '../commands/command.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { proposalCommands } from './proposal.commands.js';
import { proposalDraftKind, proposalResponseKind } from './proposal.kinds.js';

/**
 * Proposals through the federation (DOMAIN.md section 7): drafts in
 * assemblies of delegates, referrals relayed down by jobs, decisions rolled
 * up, adoption, versions, withdrawal and deadlines. Forwarding up reuses the
 * federation module's `forward` kind.
 */
export interface RelayModule {
  readonly commands: readonly CommandSpec[];
  readonly kinds: readonly MotionKindHandler[];
}

export const relayModule = (): RelayModule => ({ commands: proposalCommands, kinds: [proposalDraftKind, proposalResponseKind] });

export { relayDown } from './relay-down.js';
export { reconcileRollups, rollup } from './rollup.js';
export { cascade, type CascadeStep } from './cascade.js';
export { leaveBranch, type LeaveStep } from './leave-branch.js';
export { tellUnoffered, type UnofferedStep } from './unoffered.js';
export { recordDecisions, type DecisionInput } from './decide.js';
export { expireIfDue, expireDueProposals } from './lifecycle.js';
export { RELAY_KINDS } from './outbox.js';
