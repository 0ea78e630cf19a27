import type { Assembly, Motion, MotionResult } from '../model/entities.js';
import type { MotionKind } from '../model/policy.js';
import type { StoreTx } from '../ports/store.port.js';
import type { Result } from '../shared/result.js';
import type { CoreDeps } from './deps.js';
import type { Speech } from '../i18n/speech.js';

export interface EffectContext {
  readonly tx: StoreTx;
  readonly deps: CoreDeps;
  readonly assembly: Assembly;
  readonly motion: Motion;
  readonly result: MotionResult;
  readonly at: Date;
  /** Runs after the closing transaction commits (announcements to other assemblies' rooms). */
  readonly afterCommit: (fn: () => Promise<void>) => void;
}

/** Told about every closed motion after its transaction commits (accountability digests). */
export type MotionObserver = (deps: CoreDeps, assembly: Assembly, motion: Motion) => Promise<void>;

/**
 * What one motion kind adds to the common lifecycle: checking its kind-specific
 * payload when moved, and what a passed motion does (in the closing transaction).
 * The core registers resolution, election, admission, exclusion and policy; the
 * federation and relay modules register theirs in the composition root.
 */
export interface MotionKindHandler {
  readonly kind: MotionKind;
  /** Validates/normalises the payload when the motion is moved. */
  /** `deps`: the deployment's wiring (a join by remote invitation needs its federation identity). */
  prepare(tx: StoreTx, assembly: Assembly, payload: Readonly<Record<string, unknown>>, now: Date, deps: CoreDeps): Promise<Result<Readonly<Record<string, unknown>>>>;
  /** Runs when the motion passes, inside the closing transaction. */
  onPassed(ctx: EffectContext): Promise<void>;
  /** Runs when the motion closes with any outcome, inside the closing transaction, after `onPassed` (a failed acceptance is a rejection). */
  onClosed?(ctx: EffectContext): Promise<void>;
  /** One line describing the effect, for announcements ("admits Alice"), in `t`'s words (English when not given). */
  describe(motion: Motion, t?: Speech): string;
}

export type MotionKinds = ReadonlyMap<MotionKind, MotionKindHandler>;
