import type { CoreDeps } from '../services/deps.js';
import type { ProposalId } from '../shared/ids.js';
import { adoptedAtOrigin, amendmentDigest, groupAmendments } from './messages.js';
import { proposalRef, ruleMet, type SubtreeTally } from './model.js';
import { cascadeRows, rollupRow, sendRows } from './outbox.js';
import { sendSubtreeReports } from '../federation/remote/subtree-child.js';

/** Rows recomputed per statement: bounded so no transaction holds thousands of row locks for long. */
const ROWS_PER_PASS = 2000;

export interface RollupOutcome {
  readonly passes: number;
  readonly recomputed: number;
  readonly adopted: boolean;
  readonly root: SubtreeTally | null;
}

/**
 * Carries decisions up: recomputes dirty referrals level by level from the
 * deepest, each pass one short transaction of set-based work, until the
 * version's counts are settled; then evaluates the adoption rule at the root.
 * Idempotent and order-free (every count is recomputed from the level below),
 * so duplicate or concurrent runs agree; a decision that lands mid-run leaves
 * its rows dirty for the next pass or the next run.
 */
export async function rollup(deps: CoreDeps, proposalId: ProposalId, version: number): Promise<RollupOutcome> {
  let passes = 0;
  let recomputed = 0;
  const before = (await deps.store.read.relay.rootReferral(proposalId, version))?.amendRequested ?? 0;
  // Deepest level first, each level until a pass finds less than a full batch. Rows another transaction
  // holds are skipped and stay dirty: the next run (every decision asks for one; the sweep re-asks) takes them.
  let depth = await deps.store.transaction((tx) => tx.relay.maxDirtyDepth(proposalId, version));
  while (depth !== null && depth >= 0 && passes < 100_000) {
    const d = depth;
    const n = await deps.store.transaction((tx) => tx.relay.rollupDepth(proposalId, version, d, ROWS_PER_PASS));
    passes++;
    recomputed += n;
    if (n < ROWS_PER_PASS) depth = d - 1;
  }
  const { adopted, root } = await checkAdoption(deps, proposalId, version, before);
  // A copy of a remote proposal: the assemblies of delegates that joined the remote parent report their subtrees.
  if (deps.deployment) await sendSubtreeReports(deps, proposalId, version);
  return { passes, recomputed, adopted, root };
}

/** Adopts the proposal when the rule is met at the root (once), and sends the origin grouped amendment requests. */
async function checkAdoption(deps: CoreDeps, proposalId: ProposalId, version: number, amendsBefore: number): Promise<{ adopted: boolean; root: SubtreeTally | null }> {
  // Amendment requests are reported to the origin grouped, when their number reaches 1, 10, 100, …: never one message per request.
  const stepOf = (n: number): number => (n > 0 ? 10 ** Math.floor(Math.log10(n)) : 0);
  const crossed = (amends: number): boolean => amends > 0 && stepOf(amends) > stepOf(amendsBefore);
  // Most runs neither adopt nor cross a step: that is decided on a read without a lock, so a rollup waits
  // for the relay steps in flight (they hold the proposal shared) only when it has something to change.
  const [peek, peekRoot] = await Promise.all([deps.store.read.relay.proposal(proposalId), deps.store.read.relay.rootReferral(proposalId, version)]);
  if (!peek || !peekRoot || peek.currentVersion !== version || peek.closedAt || !(crossed(peekRoot.amendRequested) || (peek.status === 'open' && ruleMet(peek.adoptionRule, peekRoot)))) {
    return { adopted: false, root: peekRoot };
  }
  return deps.store.transaction(async (tx) => {
    const proposal = await tx.relay.lockProposal(proposalId);
    const root = await tx.relay.rootReferral(proposalId, version);
    if (!proposal || !root || proposal.currentVersion !== version || proposal.closedAt) return { adopted: false, root };
    const now = deps.clock.now();
    const origin = await tx.relay.assembliesWithBindings([proposal.originAssemblyId]);
    const o = origin.get(proposal.originAssemblyId);
    const v = await tx.relay.version(proposalId, version);
    if (!o || !v) return { adopted: false, root };
    const rows = [];
    // Only when this run crossed a step: reading the requests scans the version's referrals.
    if (crossed(root.amendRequested)) {
      const step = stepOf(root.amendRequested);
      const requests = await tx.relay.decided(proposalId, version, 'amend-requested', 1000);
      rows.push(...sendRows([{ bindings: o.bindings, key: `amend-digest.${proposalId}.${version}.${step}`, message: amendmentDigest(o.assembly, proposal, version, root.amendRequested, groupAmendments(requests)) }], `amend-digest.${proposalId}.${version}.${step}`));
    }
    let adopted = false;
    // A local copy of another deployment's proposal is adopted there, over the whole federation, never by the counts here.
    const copy = deps.deployment !== undefined && (await tx.remotes.mirrorsOf('proposal', [proposal.id])).length > 0;
    if (!copy && proposal.status === 'open' && ruleMet(proposal.adoptionRule, root)) {
      adopted = true;
      await tx.relay.updateProposal(proposal.id, { status: 'adopted', adoptedAt: now });
      await tx.relay.appendEventsMany([{ assemblyId: proposal.originAssemblyId, event: { type: 'proposal.adopted', actorId: null, payload: { proposal: proposalRef(proposal), version, accepted: root.accepted, localTotal: root.localTotal, membersCovered: root.membersCovered } } }], now);
      rows.push(...sendRows([{ bindings: o.bindings, key: `adopted.${proposalId}.${version}`, message: adoptedAtOrigin(o.assembly, proposal, v, root) }], `adopted.${proposalId}.${version}`));
      // Announced throughout the scope, level by level.
      rows.push(...cascadeRows('adopted', proposal.id, version, [root.id]));
    }
    if (rows.length > 0) await tx.relay.enqueueMany(rows);
    return { adopted, root };
  });
}

/**
 * The reconciler's share of the sweep: versions with counts still waiting
 * (a rollup job lost with a Redis restart, or a decision that landed just
 * after its bucket's run) get a rollup again.
 */
export async function reconcileRollups(deps: CoreDeps): Promise<number> {
  const dirty = await deps.store.read.relay.dirtyVersions(100);
  if (dirty.length === 0) return 0;
  const now = deps.clock.now();
  await deps.store.transaction((tx) => tx.relay.enqueueMany(dirty.map((v) => rollupRow(v.proposalId, v.version, now))));
  return dirty.length;
}
