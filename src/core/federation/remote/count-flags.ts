import type { CountedDecisionReport } from '../../federation-protocol/index.js';
import { roomSpeech } from '../../i18n/audience.js';
import type { Speech } from '../../i18n/speech.js';
import { publicMessage } from '../../messages/message.js';
import type { StoreReads, StoreTx } from '../../ports/store.port.js';
import { sendRows } from '../../relay/outbox.js';
import { asAssemblyId } from '../../shared/ids.js';

/** The last member count of a remote child that did not fit its committed history (kept in its `child-proxy` mirror). */
export interface CountFlag {
  readonly kinds: readonly string[];
  readonly reported: number;
  readonly counted: number;
  readonly proposal: string;
  readonly at: string;
  readonly times: number;
}

/**
 * A counted decision whose member count was flagged (`checkMemberCount`):
 * recorded in the parent assembly's chain, kept on the child's proxy for
 * `federation show`, and posted in the parent's rooms so its facilitators
 * see it, not only the inbox.
 */
export async function showCountFlags(tx: StoreTx, report: CountedDecisionReport, proxy: { readonly localId: string; readonly parentAssemblyId: string; readonly deployment: string; readonly previous: CountFlag | undefined }, proposal: string, at: Date): Promise<CountFlag | undefined> {
  if (report.flags.length === 0) return proxy.previous;
  const parent = asAssemblyId(proxy.parentAssemblyId);
  const kinds = report.flags.map((f) => f.kind);
  const flag: CountFlag = { kinds, reported: report.decision.members, counted: report.members, proposal, at: at.toISOString(), times: (proxy.previous?.times ?? 0) + 1 };
  await tx.appendEvent(parent, { type: 'federation.member-count-flagged', actorId: null, payload: { assembly: report.decision.assembly, proposal: report.decision.proposal, version: report.decision.version, reported: flag.reported, counted: flag.counted, flags: report.flags.map((f) => ({ ...f })) } }, at);
  const name = (await tx.assembly(asAssemblyId(proxy.localId)))?.name ?? report.decision.assembly;
  const t = roomSpeech((await tx.assembly(parent))?.policy);
  const key = `count-flagged.${report.entry.idempotencyKey}`;
  const message = publicMessage(t.t('fed.remote.count.flagged.title', { assembly: name }), t.t('fed.remote.count.flagged.body', { assembly: name, deployment: proxy.deployment, proposal, reported: flag.reported, counted: flag.counted, kind: kinds.includes('equivocated') ? 'equivocated' : kinds.includes('inflated') ? 'inflated' : 'inconsistent' }), { tone: 'warning' });
  await tx.relay.enqueueMany(sendRows([{ bindings: await tx.bindingsOf(parent), key, message }], key));
  return flag;
}

/** `federation show` in a parent's room: its remote children whose member counts were flagged. */
export async function countFlagNotices(reads: Pick<StoreReads, 'remotes' | 'childEdges' | 'assembly'>, parentId: string, t: Speech): Promise<string[]> {
  const children = (await reads.childEdges(asAssemblyId(parentId))).map((e) => e.childAssemblyId);
  if (children.length === 0) return [];
  const lines: string[] = [];
  for (const m of await reads.remotes.mirrorsOf('child-proxy', children)) {
    const flag = m.data.countFlag as CountFlag | undefined;
    if (!flag) continue;
    const name = (await reads.assembly(asAssemblyId(m.localId)))?.name ?? m.remote;
    lines.push(t.t('fed.show.countFlagged', { assembly: name, proposal: flag.proposal, reported: flag.reported, counted: flag.counted, times: flag.times }));
  }
  return lines;
}
