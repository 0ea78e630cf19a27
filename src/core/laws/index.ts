import type { CommandSpec } from '../commands/command.js';
import type { MotionKindHandler } from '../services/motion-kinds.js';
import { annulKind, requireLeaveKind } from './circle-authority.kinds.js';
import { committeeCommands } from './committee.commands.js';
import { committeeEndKind, committeeKind } from './committee.kinds.js';
import { lawCommands } from './law.commands.js';
import { amendLawKind, repealLawKind } from './law.kinds.js';

/**
 * The local assembly governing itself (issue 20): its law book, the motions
 * that change it, and its authority over its own circles. A passed
 * resolution's enactment is wired into the core's `resolution` kind.
 */
export interface LawModule {
  readonly commands: readonly CommandSpec[];
  readonly kinds: readonly MotionKindHandler[];
}

export const lawModule = (): LawModule => ({
  commands: [...lawCommands, ...committeeCommands],
  kinds: [amendLawKind, repealLawKind, annulKind, requireLeaveKind, committeeKind, committeeEndKind],
});
