import type { OutMessage } from '../../src/core/messages/message.js';
import { checkRecall, RECALL_CHECK_KIND } from '../../src/core/federation/remote/index.js';
import { cascade, expireIfDue, leaveBranch, relayDown, rollup, tellUnoffered, RELAY_KINDS } from '../../src/core/relay/index.js';
import type { CoreDeps } from '../../src/core/services/deps.js';
import type { FakeClock } from '../../src/core/ports/clock.port.js';
import type { OutboxItem } from '../../src/core/model/federation.js';
import { ROLLUP_BUCKET_MS } from '../../src/core/relay/outbox.js';
import { asAssemblyId, asProposalId } from '../../src/core/shared/ids.js';

export interface Sent {
  readonly key: string;
  readonly roomId: string;
  readonly message: OutMessage;
  /** A direct message: `roomId` is the account it goes to. */
  readonly direct?: boolean;
}

/**
 * Runs every due outbox row through the core, as the dispatcher and the job
 * handlers would, until none is left (deterministic, no queue): for unit
 * tests of the relay's rules. Platform sends are collected in `sent`.
 */
export async function drainRelay(deps: CoreDeps, sent: Sent[], clock?: FakeClock, until = new Date(8.64e15), ran?: OutboxItem[]): Promise<number> {
  let steps = 0;
  // Decisions after this drain fall in a later rollup bucket, as they would in real time.
  clock?.advance(ROLLUP_BUCKET_MS);
  for (;;) {
    const items = await deps.store.claimOutbox(until, 1000);
    if (items.length === 0) return steps;
    let done = 0;
    for (const item of items) {
      steps++;
      ran?.push(item);
      const p = item.payload;
      const key = item.dedupeKey;
      switch (item.kind) {
        case RELAY_KINDS.down:
          await relayDown(deps, p.referralIds as string[], { outboxKey: key });
          break;
        case RELAY_KINDS.cascade:
          await cascade(deps, { action: p.action as 'adopted', proposalId: asProposalId(String(p.proposalId)), version: Number(p.version), referralIds: p.referralIds as string[], after: typeof p.after === 'string' ? asAssemblyId(p.after) : null }, { outboxKey: key });
          break;
        case RELAY_KINDS.leave:
          await leaveBranch(deps, { proposalId: asProposalId(String(p.proposalId)), version: Number(p.version), left: String(p.left), referralIds: p.referralIds as string[], after: typeof p.after === 'string' ? asAssemblyId(p.after) : null }, { outboxKey: key });
          break;
        case RELAY_KINDS.unoffered: {
          const after = p.after as { parentAssemblyId: string; assemblyId: string } | null;
          await tellUnoffered(
            deps,
            { proposalId: asProposalId(String(p.proposalId)), version: Number(p.version), branchReferralId: String(p.branchReferralId), parents: (p.parents as string[]).map(asAssemblyId), after: after ? { parentAssemblyId: asAssemblyId(after.parentAssemblyId), assemblyId: asAssemblyId(after.assemblyId) } : null, hops: Number(p.hops ?? 0) },
            { outboxKey: key },
          );
          break;
        }
        case RELAY_KINDS.rollup:
          await rollup(deps, asProposalId(String(p.proposalId)), Number(p.version));
          break;
        case RELAY_KINDS.deadline:
          if (Number(p.at) <= deps.clock.now().getTime()) await expireIfDue(deps, asProposalId(String(p.proposalId)));
          else {
            await deps.store.releaseOutbox([item]);
            continue;
          }
          break;
        case RECALL_CHECK_KIND:
          if (Number(p.at) <= deps.clock.now().getTime()) await checkRecall(deps, String(p.key));
          else {
            await deps.store.releaseOutbox([item]);
            continue;
          }
          break;
        case RELAY_KINDS.send:
          for (const i of p.items as { key: string; room: { roomId: string }; message: OutMessage; direct?: true }[]) sent.push({ key: i.key, roomId: i.room.roomId, message: i.message, ...(i.direct ? { direct: true } : {}) });
          break;
        default:
          break;
      }
      await deps.store.finishOutbox(key, { ok: true });
      done++;
    }
    // Only deadlines (and recall checks) not yet due are left.
    if (done === 0) return steps;
  }
}
