import type { Platform } from '../model/entities.js';
import type { Clock } from '../ports/clock.port.js';
import type { WitnessSource } from '../ports/witness-source.port.js';
import type { ElectorateSource } from '../ports/electorate-source.port.js';
import type { FloodCounter } from '../ports/flood-counter.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Store } from '../ports/store.port.js';
import type { WebLinks } from '../ports/web-links.port.js';
import type { Telemetry } from '../ports/telemetry.port.js';
import type { DeploymentIdentity } from '../ports/federation-link.port.js';
import type { Announcer } from './announcer.js';
import type { RoomHealth } from './room-health.js';
import type { BallotWriter } from './ballot-writer.js';
import type { ReadCache } from './read-cache.js';
import type { MotionKinds, MotionObserver } from './motion-kinds.js';

/** Everything the core needs from outside, wired by a composition root (src/bots). */
export interface CoreDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly announcer: Announcer;
  /** Rooms that refuse the bot's messages: marked once, skipped, shown by `access status`. */
  readonly rooms: RoomHealth;
  readonly ballots: BallotWriter;
  /** Short-lived lookups for the vote path; the store re-checks at commit. */
  readonly cache: ReadCache;
  /** The motion kinds this deployment knows (core + federation + relay). */
  readonly kinds: MotionKinds;
  /** Told after every motion closes (e.g. delegates' accountability digests). */
  readonly observers: readonly MotionObserver[];
  /** Flood-limit counters, shared by every worker process (see services/flood.ts). */
  readonly flood: FloodCounter;
  /** Random secrets (link codes); injected so tests are deterministic. */
  readonly randomCode: () => string;
  /** Per platform, the rooms' own history of chain heads the bot posted (`audit verify` in chat). */
  readonly witnesses?: ReadonlyMap<Platform, WitnessSource>;
  /** Per platform, who holds a role (assemblies whose electorate is a role). */
  readonly electorates?: ReadonlyMap<Platform, ElectorateSource>;
  /** The web view's addresses, when one is configured (links in announcements, the `web` command). */
  readonly web?: WebLinks;
  /** Operators' counters (commands by outcome), when the composition root collects them. */
  readonly telemetry?: Telemetry;
  /** This deployment as its federation peers know it, when it federates with other deployments (issue 19). */
  readonly deployment?: DeploymentIdentity;
  /** How long a remote parent has to confirm a recall before home shows it unconfirmed (default one hour). */
  readonly recallConfirmMs?: number;
}
