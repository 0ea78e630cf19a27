import type { CoreDeps } from '../core/services/deps.js';
import type { JobHandler } from './job-queue.port.js';
import { proposalDeadlineHandler } from './proposal-deadline.handler.js';
import { recallCheckHandler } from './recall-check.handler.js';
import { relayCascadeHandler } from './relay-cascade.handler.js';
import { relayDownHandler } from './relay-down.handler.js';
import { relayLeaveHandler } from './relay-leave.handler.js';
import { relayUnofferedHandler } from './relay-unoffered.handler.js';
import { relayRollupHandler } from './relay-rollup.handler.js';

/** The relay's job handlers over the core (one file per job; each is idempotent, see src/core/relay). */
export function relayHandlers(deps: CoreDeps): JobHandler[] {
  return [relayDownHandler(deps), relayCascadeHandler(deps), relayRollupHandler(deps), relayLeaveHandler(deps), relayUnofferedHandler(deps), proposalDeadlineHandler(deps), recallCheckHandler(deps)];
}
