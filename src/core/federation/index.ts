import type { CommandSpec } from '../commands/command.js';
import type { MotionKindHandler, MotionObserver } from '../services/motion-kinds.js';
import { accountabilityDigest } from './accountability.js';
import { circleCommands } from './circle.commands.js';
import { forwardKind } from './circles.js';
import { delegateCommands } from './delegate.commands.js';
import { delegateElectionKind, mandateKind, recallKind } from './delegate.kinds.js';
import { federationCommands } from './federation.commands.js';
import { remoteVoteDigest } from './remote/digest.js';
import { federationJoinKind, federationLeaveKind } from './join-leave.kinds.js';

/**
 * Federations, delegates, recall, mandates and circles as one module the
 * composition roots add to the core: its commands, its motion kinds, and the
 * accountability observer. (There is deliberately no command by which a
 * higher assembly makes a rule for a lower one: DOMAIN.md principle 1.)
 */
export interface FederationModule {
  readonly commands: readonly CommandSpec[];
  readonly kinds: readonly MotionKindHandler[];
  readonly observers: readonly MotionObserver[];
}

export const federationModule = (): FederationModule => ({
  commands: [...federationCommands, ...delegateCommands, ...circleCommands],
  kinds: [federationJoinKind, federationLeaveKind, delegateElectionKind, recallKind, mandateKind, forwardKind],
  observers: [accountabilityDigest, remoteVoteDigest],
});
