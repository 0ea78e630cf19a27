import { randomInt } from 'node:crypto';
import type { Clock } from '../ports/clock.port.js';
import { MemoryFloodCounter, type FloodCounter } from '../ports/flood-counter.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { RoomSenders } from '../ports/room-sender.port.js';
import { isWitnessSource } from '../ports/witness-source.port.js';
import { isElectorateSource } from '../ports/electorate-source.port.js';
import type { Store } from '../ports/store.port.js';
import type { WebLinks } from '../ports/web-links.port.js';
import type { Telemetry } from '../ports/telemetry.port.js';
import type { DeploymentIdentity } from '../ports/federation-link.port.js';
import { RoomHealth } from './room-health.js';
import { Announcer } from './announcer.js';
import { BallotWriter } from './ballot-writer.js';
import { ReadCache } from './read-cache.js';
import { coreMotionKinds } from './core-kinds.js';
import type { CoreDeps } from './deps.js';
import type { MotionKindHandler, MotionObserver } from './motion-kinds.js';

// No 0/O or 1/I/L: codes are read aloud and retyped.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const randomLinkCode = (): string => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export interface CoreOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly senders: RoomSenders;
  readonly randomCode?: () => string;
  /** Shared flood counters; without them each process counts alone (console, tests). */
  readonly flood?: FloodCounter;
  readonly extraKinds?: readonly MotionKindHandler[];
  readonly observers?: readonly MotionObserver[];
  /** The web view's addresses (PLENARY_WEB_URL). */
  readonly web?: WebLinks;
  readonly telemetry?: Telemetry;
  /** This deployment's federation identity (its id, bot account and key), when it federates with others. */
  readonly deployment?: DeploymentIdentity;
  /** How long a remote parent has to confirm a recall (PLENARY_FEDERATION_RECALL_CONFIRM_MINUTES). */
  readonly recallConfirmMs?: number;
}

/** Wires the core's services; called once by each composition root. */
export function createCore(o: CoreOptions): CoreDeps {
  const rooms = new RoomHealth(o.store, o.log, () => o.clock.now());
  const kinds = new Map([...coreMotionKinds(), ...(o.extraKinds ?? [])].map((k) => [k.kind, k] as const));
  return {
    store: o.store,
    clock: o.clock,
    log: o.log,
    announcer: new Announcer(o.store, o.senders, o.log, o.web, rooms),
    rooms,
    ballots: new BallotWriter(o.store, undefined, o.telemetry),
    cache: new ReadCache(o.store.read, o.clock),
    kinds,
    observers: o.observers ?? [],
    flood: o.flood ?? new MemoryFloodCounter(),
    randomCode: o.randomCode ?? randomLinkCode,
    ...(o.web ? { web: o.web } : {}),
    ...(o.telemetry ? { telemetry: o.telemetry } : {}),
    ...(o.deployment ? { deployment: o.deployment } : {}),
    ...(o.recallConfirmMs !== undefined ? { recallConfirmMs: o.recallConfirmMs } : {}),
    witnesses: new Map([...o.senders].flatMap(([platform, sender]) => (isWitnessSource(sender) ? [[platform, sender] as const] : []))),
    electorates: new Map([...o.senders].flatMap(([platform, sender]) => (isElectorateSource(sender) ? [[platform, sender] as const] : []))),
  };
}
