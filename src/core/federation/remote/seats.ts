import { node } from '../../i18n/stored.js';
import type { EventBody } from '../../federation-protocol/index.js';
import type { Applied } from '../../federation-protocol/inbox.js';
import type { Motion } from '../../model/entities.js';
import type { Seat } from '../../model/federation.js';
import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { InboxEntry } from '../../ports/peer-link-store.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId } from '../../shared/ids.js';
import { endSeat, requestAccess, syncDelegateMembership, voidOpenBallots } from '../delegates.js';
import { linkKey, type ParentLinkData } from './child.js';
import type { ChildProxyData } from './parent.js';
import { unwatchReseated, watchRecall } from './recall-watch.js';
import { headOf, remoteRef } from './refs.js';

const MATRIX_USER = /^@[^:\s]{1,255}:[^\s]{1,255}$/;

/**
 * A seat that starts or ends at home on an edge to a remote parent (its
 * parent is a local mirror): the child tells the parent's deployment, in the
 * same transaction, with the delegate's Matrix account — the only identity
 * that crosses, so the parent can let them into its delegates' room. A
 * delegate without a Matrix account cannot sit in a remote assembly: the
 * home record says so and nothing is sent.
 */
export async function tellRemoteParent(tx: StoreTx, deps: CoreDeps, seat: Seat, kind: 'seat' | 'recall', motion: Motion, at: Date): Promise<void> {
  const me = deps.deployment;
  if (!me) return;
  const [parent] = await tx.remotes.mirrorsOf('parent', [seat.parentAssemblyId]);
  if (!parent) return;
  const link = await tx.remotes.mirror('parent-link', linkKey(parent.remote, seat.homeAssemblyId));
  const data = link?.data as unknown as ParentLinkData | undefined;
  if (!data?.roomId) return;
  const delegate = (await tx.accountsOf(seat.personId)).find((a) => a.platform === 'matrix' && MATRIX_USER.test(a.externalId))?.externalId;
  if (!delegate) {
    await tx.appendEvent(seat.homeAssemblyId, { type: 'federation.seat-unsent', actorId: null, payload: { personId: seat.personId, kind, reason: 'the delegate has no Matrix account the remote parent could invite' } }, at);
    return;
  }
  const seats = await tx.seats({ edgeId: seat.edgeId });
  const number = [...seats].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : 1)).findIndex((s) => s.id === seat.id) + 1;
  const base = { assembly: remoteRef(me.deployment, seat.homeAssemblyId), parent_assembly: parent.remote, seat: Math.max(1, number), delegate, motion: motion.number, chain_head: await headOf(tx, seat.homeAssemblyId) };
  if (kind === 'recall') await watchRecall(tx, deps, seat.homeAssemblyId, data, delegate, motion.number, at);
  else await unwatchReseated(tx, seat.homeAssemblyId, parent.remote, delegate);
  await tx.peerOutbox.enqueue(
    [
      kind === 'seat'
        ? { roomId: data.roomId, type: 'org.plenary.seat' as const, idempotencyKey: `seat/${seat.id}`, body: { ...base, term_ends: seat.termEndsAt?.toISOString() ?? null } }
        : { roomId: data.roomId, type: 'org.plenary.recall' as const, idempotencyKey: `recall/${seat.id}`, body: base },
    ],
    at,
  );
}

/** The proxy of the assembly the event speaks for, when the sender hosts it and spoke in its link room. */
export async function hostedProxy(tx: StoreTx, assembly: string, entry: InboxEntry): Promise<{ localId: string; data: ChildProxyData } | null> {
  const host = await tx.links.hostOf(assembly);
  const proxy = await tx.remotes.mirror('child-proxy', assembly);
  if (!host || host.deployment !== entry.sender || host.linkRoomId !== entry.roomId || !proxy) return null;
  return { localId: proxy.localId, data: proxy.data as unknown as ChildProxyData };
}

/**
 * The child's signed seat: the parent seats the delegate on the proxy's edge
 * and grants access to its delegates' room through the existing
 * `RoomAccess` job, as for a local delegate.
 */
export async function applyRemoteSeat(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: EventBody<'org.plenary.seat'>, entry: InboxEntry): Promise<Applied> {
  const proxy = await hostedProxy(tx, body.assembly, entry);
  if (!proxy || body.parent_assembly !== remoteRef(me.deployment, proxy.data.parentAssemblyId)) return { status: 'refused', note: 'not_host' };
  const now = deps.clock.now();
  const actor = { platform: 'matrix' as const, externalId: body.delegate, displayName: body.delegate };
  const person = (await tx.personByAccount('matrix', body.delegate)) ?? (await tx.createPerson(body.delegate, actor));
  if ((await tx.seats({ edgeId: proxy.data.edgeId, personId: person.id, status: 'active' })).length > 0) return { status: 'recorded', note: 'already seated' };
  const held = await tx.seats({ edgeId: proxy.data.edgeId, status: 'active' });
  const edge = await tx.edge(proxy.data.edgeId);
  if (!edge || edge.status !== 'active') return { status: 'refused', note: 'the edge has ended' };
  if (held.length >= edge.seats) return { status: 'refused', note: `every seat is held (${String(edge.seats)})` };
  const seat = await tx.createSeat({ edgeId: edge.id, homeAssemblyId: asAssemblyId(proxy.localId), parentAssemblyId: edge.parentAssemblyId, personId: person.id, electedByMotionId: null, startedAt: now, termEndsAt: body.term_ends ? new Date(body.term_ends) : null });
  await syncDelegateMembership(tx, edge.parentAssemblyId, person.id, now);
  await requestAccess(tx, 'grant', seat, node('fed.access.reason.elected', { assembly: body.assembly, number: body.motion }));
  await tx.appendEvent(asAssemblyId(proxy.localId), { type: 'federation.remote-seat', actorId: null, payload: { delegate: body.delegate, seat: body.seat, motion: body.motion, head: body.chain_head } }, now);
  return { status: 'applied' };
}

/**
 * The child's signed recall: in this one transaction the seat ends, the
 * delegate's ballots on motions still open upstairs are voided and access is
 * revoked; the by-election happens at home.
 */
export async function applyRemoteRecall(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: EventBody<'org.plenary.recall'>, entry: InboxEntry): Promise<Applied> {
  const proxy = await hostedProxy(tx, body.assembly, entry);
  if (!proxy || body.parent_assembly !== remoteRef(me.deployment, proxy.data.parentAssemblyId)) return { status: 'refused', note: 'not_host' };
  const now = deps.clock.now();
  const person = await tx.personByAccount('matrix', body.delegate);
  const [seat] = person ? await tx.seats({ edgeId: proxy.data.edgeId, personId: person.id, status: 'active' }) : [];
  // A seat already ended here (or never held) is confirmed too: the delegate does not sit, which is what the child asked.
  if (!seat) {
    await confirmRecall(tx, me, body, entry, proxy.data.parentAssemblyId, 0, now);
    return { status: 'recorded', note: 'no such seat held' };
  }
  await endSeat(tx, seat, 'recalled', now, null, node('fed.access.reason.recalled', { assembly: body.assembly, number: body.motion }));
  const voided = await voidOpenBallots(tx, seat, now);
  await tx.appendEvent(asAssemblyId(proxy.localId), { type: 'federation.remote-recall', actorId: null, payload: { delegate: body.delegate, seat: body.seat, motion: body.motion, voided, head: body.chain_head } }, now);
  await confirmRecall(tx, me, body, entry, proxy.data.parentAssemblyId, voided.length, now);
  return { status: 'applied' };
}

/**
 * `org.plenary.recall_done`, in the recall's transaction: the child records
 * it at home, and shows a recall no answer came for (recall-watch.ts). The
 * head is the parent assembly's, after the seat ended: a digest at a later
 * head that shows the delegate voting is a broken promise the child can see.
 */
async function confirmRecall(tx: StoreTx, me: DeploymentIdentity, body: EventBody<'org.plenary.recall'>, entry: InboxEntry, parentId: string, voided: number, now: Date): Promise<void> {
  const done: EventBody<'org.plenary.recall_done'> = { assembly: body.assembly, parent_assembly: body.parent_assembly, seat: body.seat, delegate: body.delegate, motion: body.motion, voided, chain_head: await headOf(tx, asAssemblyId(parentId)) };
  await tx.peerOutbox.enqueue([{ roomId: entry.roomId, type: 'org.plenary.recall_done', idempotencyKey: `recall-done/${me.deployment}/${entry.idempotencyKey}`, body: done }], now);
}
