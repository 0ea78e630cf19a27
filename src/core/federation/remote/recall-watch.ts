import type { EventBody } from '../../federation-protocol/index.js';
import type { Applied } from '../../federation-protocol/inbox.js';
import { roomSpeech } from '../../i18n/audience.js';
import { publicMessage, type OutMessage } from '../../messages/message.js';
import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { InboxEntry } from '../../ports/peer-link-store.port.js';
import type { OutboxWrite } from '../../ports/relay-store.port.js';
import type { StoreReads, StoreTx } from '../../ports/store.port.js';
import { sendRows } from '../../relay/outbox.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId, type AssemblyId } from '../../shared/ids.js';
import type { Speech } from '../../i18n/speech.js';
import { linkKey, type ParentLinkData } from './child.js';
import { ownId, witnessHead } from './refs.js';

/** The outbox row that checks, once the policy time has passed, that the parent confirmed a recall. */
export const RECALL_CHECK_KIND = 'federation.recall-check';
/** How long a remote parent has to confirm a recall before home shows it as not confirmed (the deployment may set its own). */
export const RECALL_CONFIRM_MS = 60 * 60_000;

/** What home keeps about a recall it sent to a remote parent (`recall` mirror, one per recall motion and delegate). */
export interface RecallWatch {
  readonly home: string;
  readonly parent: string;
  readonly parentName: string;
  readonly deployment: string;
  readonly delegate: string;
  readonly motion: number;
  readonly sentAt: string;
  readonly dueAt: string;
  readonly status: 'sent' | 'confirmed' | 'unconfirmed';
  /** The parent assembly's head when it ended the seat (from `org.plenary.recall_done`). */
  readonly confirmedHead: { readonly seq: number; readonly hash: string } | null;
  /** Set when home seated the same delegate there again: later votes are theirs to cast. */
  readonly reseated: boolean;
  /** The parent's motions a digest showed the delegate voting on after the recall. */
  readonly votedAfter: readonly number[];
}

const recallKey = (home: string, motion: number, delegate: string): string => `${home}|${String(motion)}|${delegate}`;

const watchesOf = async (reads: Pick<StoreReads, 'remotes'>, home: string): Promise<RecallWatch[]> => (await reads.remotes.mirrorsOf('recall', [home])).map((m) => m.data as unknown as RecallWatch);

/**
 * The recall went to the parent (in its transaction): home remembers it and
 * a check is queued for when the policy time has passed.
 */
export async function watchRecall(tx: StoreTx, deps: CoreDeps, home: AssemblyId, link: ParentLinkData, delegate: string, motion: number, at: Date): Promise<void> {
  const due = new Date(at.getTime() + (deps.recallConfirmMs ?? RECALL_CONFIRM_MS));
  const key = recallKey(home, motion, delegate);
  const watch: RecallWatch = { home, parent: link.parentAssembly, parentName: link.parentName, deployment: link.deployment, delegate, motion, sentAt: at.toISOString(), dueAt: due.toISOString(), status: 'sent', confirmedHead: null, reseated: false, votedAfter: [] };
  if (!(await tx.remotes.putMirror({ kind: 'recall', remote: key, localId: home, data: { ...watch } }, at))) return;
  await tx.relay.enqueueMany([recallCheckRow(key, due)]);
}

/** The delayed check of one recall (src/jobs/recall-check.job.ts), due when the parent's time to confirm is up. */
export function recallCheckRow(key: string, due: Date): OutboxWrite {
  return { kind: RECALL_CHECK_KIND, dedupeKey: `recall-check.${key}`, payload: { key, at: due.getTime() }, availableAt: due };
}

/** Home seats the delegate on that parent again: votes from now on are theirs, not a broken recall. */
export async function unwatchReseated(tx: StoreTx, home: string, parent: string, delegate: string): Promise<void> {
  for (const w of await watchesOf(tx, home)) {
    if (w.parent === parent && w.delegate === delegate && !w.reseated) await tx.remotes.updateMirror('recall', recallKey(w.home, w.motion, w.delegate), { ...w, reseated: true });
  }
}

async function tellHome(tx: StoreTx, home: AssemblyId, key: string, say: (t: Speech) => OutMessage): Promise<void> {
  const t = roomSpeech((await tx.assembly(home))?.policy);
  await tx.relay.enqueueMany(sendRows([{ bindings: await tx.bindingsOf(home), key, message: say(t) }], key));
}

const names = (w: RecallWatch) => ({ delegate: w.delegate, parent: w.parentName, deployment: w.deployment, motion: w.motion });

/** The policy time has passed: a recall still unanswered is shown at home, once (recorded in its chain, posted in its rooms). */
export async function checkRecall(deps: CoreDeps, key: string): Promise<'confirmed' | 'not-due' | 'shown' | 'gone'> {
  return deps.store.transaction(async (tx) => {
    const m = await tx.remotes.mirror('recall', key);
    if (!m) return 'gone';
    const w = m.data as unknown as RecallWatch;
    if (w.status !== 'sent') return w.status === 'confirmed' ? 'confirmed' : 'shown';
    const now = deps.clock.now();
    if (now < new Date(w.dueAt)) return 'not-due';
    const home = asAssemblyId(w.home);
    await tx.remotes.updateMirror('recall', key, { ...w, status: 'unconfirmed' });
    await tx.appendEvent(home, { type: 'federation.recall-unconfirmed', actorId: null, payload: { delegate: w.delegate, parent: w.parent, deployment: w.deployment, motion: w.motion, sentAt: w.sentAt } }, now);
    await tellHome(tx, home, `recall-unconfirmed.${key}`, (t) => publicMessage(t.t('fed.remote.recall.unconfirmed.title', { deployment: w.deployment }), t.t('fed.remote.recall.unconfirmed.body', names(w)), { tone: 'warning' }));
    return 'shown';
  });
}

/** The parent's `org.plenary.recall_done`: recorded in the home chain; a confirmation after the recall was shown unconfirmed is said at home too. */
export async function applyRecallDone(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: EventBody<'org.plenary.recall_done'>, entry: InboxEntry): Promise<Applied> {
  const localId = ownId(me.deployment, body.assembly);
  const link = localId ? await tx.remotes.mirror('parent-link', linkKey(body.parent_assembly, localId)) : null;
  const data = link?.data as unknown as ParentLinkData | undefined;
  if (!localId || !data || data.deployment !== entry.sender || data.roomId !== entry.roomId) return { status: 'refused', note: 'not_host' };
  const key = recallKey(localId, body.motion, body.delegate);
  const m = await tx.remotes.mirror('recall', key);
  if (!m) return { status: 'recorded', note: 'no such recall sent' };
  const w = m.data as unknown as RecallWatch;
  if (w.status === 'confirmed') return { status: 'recorded', note: 'already confirmed' };
  const home = asAssemblyId(localId);
  const now = deps.clock.now();
  await tx.remotes.updateMirror('recall', key, { ...w, status: 'confirmed', confirmedHead: body.chain_head });
  await tx.appendEvent(home, { type: 'federation.recall-confirmed', actorId: null, payload: { delegate: body.delegate, parent: body.parent_assembly, motion: body.motion, voided: body.voided, late: w.status === 'unconfirmed' } }, now);
  await witnessHead(tx, home, body.parent_assembly, body.chain_head, 'org.plenary.recall_done', now);
  if (w.status === 'unconfirmed') await tellHome(tx, home, `recall-late.${key}`, (t) => publicMessage(t.t('fed.remote.recall.late.title', { deployment: w.deployment }), t.t('fed.remote.recall.late.body', names(w)), { tone: 'info' }));
  return { status: 'applied' };
}

/**
 * A digest from the parent: a recalled delegate shown voting on a motion
 * that closed after the recall (at a later head of the parent's chain than
 * its confirmation, or once the policy time has passed with no confirmation)
 * is flagged at home like an unconfirmed recall.
 */
export async function flagVotesAfterRecall(tx: StoreTx, deps: CoreDeps, home: AssemblyId, body: EventBody<'org.plenary.vote_digest'>): Promise<void> {
  const now = deps.clock.now();
  const watches = (await watchesOf(tx, home)).filter((w) => w.parent === body.parent_assembly && !w.reseated);
  for (const v of body.votes) {
    if (!v.voted) continue;
    const w = watches.find((x) => x.delegate === v.delegate && (x.confirmedHead ? body.chain_head.seq > x.confirmedHead.seq : now >= new Date(x.dueAt)));
    if (!w || w.votedAfter.includes(body.motion)) continue;
    await tx.remotes.updateMirror('recall', recallKey(w.home, w.motion, w.delegate), { ...w, votedAfter: [...w.votedAfter, body.motion].slice(-20) });
    await tx.appendEvent(home, { type: 'federation.voted-after-recall', actorId: null, payload: { delegate: w.delegate, parent: w.parent, deployment: w.deployment, recallMotion: w.motion, motion: body.motion, head: body.chain_head } }, now);
    const key = `voted-after-recall.${home}.${String(body.motion)}.${w.delegate}`;
    await tellHome(tx, home, key, (t) => publicMessage(t.t('fed.remote.recall.votedAfter.title', { delegate: w.delegate, parent: w.parentName }), t.t('fed.remote.recall.votedAfter.body', { ...names(w), number: body.motion }), { tone: 'warning' }));
  }
}

/** `federation show` at home: the recalls a remote parent has not confirmed, and the votes it reported after one. */
export async function recallNotices(reads: Pick<StoreReads, 'remotes'>, home: string, t: Speech): Promise<string[]> {
  const lines: string[] = [];
  for (const w of await watchesOf(reads, home)) {
    if (w.status === 'unconfirmed') lines.push(t.t('fed.show.recallUnconfirmed', names(w)));
    for (const n of w.votedAfter) lines.push(t.t('fed.show.votedAfter', { ...names(w), number: n }));
  }
  return lines;
}
