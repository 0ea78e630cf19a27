import type { EventBody } from '../../federation-protocol/index.js';
import { roomSpeech } from '../../i18n/audience.js';
import type { Applied } from '../../federation-protocol/inbox.js';
import type { Assembly, Motion } from '../../model/entities.js';
import { publicMessage } from '../../messages/message.js';
import type { DeploymentIdentity } from '../../ports/federation-link.port.js';
import type { InboxEntry } from '../../ports/peer-link-store.port.js';
import type { StoreTx } from '../../ports/store.port.js';
import { sendRows } from '../../relay/outbox.js';
import { describeChoice } from '../../services/choice.js';
import type { CoreDeps } from '../../services/deps.js';
import type { MotionObserver } from '../../services/motion-kinds.js';
import { asAssemblyId } from '../../shared/ids.js';
import { linkKey, type ParentLinkData } from './child.js';
import type { ChildProxyData } from './parent.js';
import { flagVotesAfterRecall } from './recall-watch.js';
import { headOf, ownId, remoteRef, witnessHead } from './refs.js';

const TEXT_MAX = 300;

/**
 * After a motion closes in an assembly of delegates, each remote child with
 * seats there is told how its delegates voted (`org.plenary.vote_digest`,
 * the same rule as the local digest: on a secret ballot only whether they
 * voted). One event per motion and child, whatever the number of runs.
 */
export const remoteVoteDigest: MotionObserver = async (deps: CoreDeps, parent: Assembly, motion: Motion) => {
  const me = deps.deployment;
  if (!me || parent.kind !== 'delegates' || !motion.result) return;
  const result = motion.result;
  await deps.store.transaction(async (tx) => {
    const seats = (await tx.seats({ parentAssemblyId: parent.id })).filter((s) => s.startedAt <= (motion.closedAt ?? new Date()) && (s.endedAt === null || (motion.opensAt !== null && s.endedAt >= motion.opensAt)));
    const proxies = await tx.remotes.mirrorsOf('child-proxy', [...new Set(seats.map((s) => s.homeAssemblyId))]);
    if (proxies.length === 0) return;
    const ballots = new Map((await tx.ballots(motion.id)).map((b) => [b.personId, b] as const));
    const now = deps.clock.now();
    const events = [];
    for (const proxy of proxies) {
      const data = proxy.data as unknown as ChildProxyData;
      const votes = [];
      for (const [i, seat] of seats.filter((s) => s.homeAssemblyId === proxy.localId).entries()) {
        const delegate = (await tx.accountsOf(seat.personId)).find((a) => a.platform === 'matrix')?.externalId;
        if (!delegate) continue;
        const b = ballots.get(seat.personId);
        votes.push({ delegate, seat: i + 1, voted: b !== undefined, ...(b && !motion.secret ? { choice: describeChoice(motion, b.choice).slice(0, TEXT_MAX) } : {}) });
      }
      if (votes.length === 0) continue;
      events.push({
        roomId: data.linkRoomId,
        type: 'org.plenary.vote_digest' as const,
        idempotencyKey: `digest/${motion.id}/${proxy.localId}`,
        body: { parent_assembly: remoteRef(me.deployment, parent.id), assembly: proxy.remote, motion: motion.number, title: motion.title.slice(0, TEXT_MAX), secret: motion.secret, votes, outcome: result.outcome, chain_head: await headOf(tx, parent.id) },
      });
    }
    if (events.length > 0) await tx.peerOutbox.enqueue(events, now);
  });
};

/** A digest from the remote parent: recorded in the home assembly's chain and posted in its rooms. */
export async function applyVoteDigest(tx: StoreTx, deps: CoreDeps, me: DeploymentIdentity, body: EventBody<'org.plenary.vote_digest'>, entry: InboxEntry): Promise<Applied> {
  const localId = ownId(me.deployment, body.assembly);
  const m = localId ? await tx.remotes.mirror('parent-link', linkKey(body.parent_assembly, localId)) : null;
  const data = m?.data as unknown as ParentLinkData | undefined;
  if (!localId || !data || data.deployment !== entry.sender || data.roomId !== entry.roomId) return { status: 'refused', note: 'not_host' };
  const home = asAssemblyId(localId);
  const now = deps.clock.now();
  await tx.appendEvent(home, { type: 'federation.vote-digest', actorId: null, payload: { parent: body.parent_assembly, motion: body.motion, title: body.title, outcome: body.outcome, votes: body.votes } }, now);
  await witnessHead(tx, home, body.parent_assembly, body.chain_head, 'org.plenary.vote_digest', now);
  await flagVotesAfterRecall(tx, deps, home, body);
  const t = roomSpeech((await tx.assembly(home))?.policy);
  const lines = body.votes.map((v) => t.t('fed.remote.digest.line', { delegate: v.delegate, how: !v.voted ? 'none' : body.secret ? 'secret' : v.choice === undefined ? 'voted' : 'choice', choice: v.choice ?? '' }));
  const message = publicMessage(t.t('fed.remote.digest.title', { parent: data.parentName, number: body.motion, title: body.title }), t.t('fed.remote.digest.body', { outcome: body.outcome, lines: lines.join('\n') }), { tone: 'info' });
  const key = `remote-digest.${entry.idempotencyKey}`;
  await tx.relay.enqueueMany(sendRows([{ bindings: await tx.bindingsOf(home), key, message }], key));
  return { status: 'applied' };
}
