import { roomSpeech } from '../../i18n/audience.js';
import { node } from '../../i18n/stored.js';
import { publicMessage } from '../../messages/message.js';
import type { StoreTx } from '../../ports/store.port.js';
import { sendRows } from '../../relay/outbox.js';
import type { CoreDeps } from '../../services/deps.js';
import { asAssemblyId, asFederationId } from '../../shared/ids.js';
import { leaveEdge } from '../join-leave.kinds.js';
import type { ParentLinkData } from './child.js';

/** How long a remote parent's deployment may stay silent (no heartbeat) before its children see it dormant, then become sovereign. */
export interface RemoteParentPolicy {
  readonly dormantAfterMs: number;
  /** Counted from the last heartbeat too; longer than `dormantAfterMs`. */
  readonly sovereignAfterMs: number;
}

export const DEFAULT_REMOTE_PARENT_POLICY: RemoteParentPolicy = { dormantAfterMs: 7 * 86_400_000, sovereignAfterMs: 30 * 86_400_000 };

export interface DormancySweep {
  readonly dormant: readonly string[];
  readonly back: readonly string[];
  readonly sovereign: readonly string[];
}

const DAY = 86_400_000;

/**
 * The child side of a vanishing parent (issue 19): each local assembly
 * joined to a parent on another deployment looks at when that deployment was
 * last heard (its heartbeats, `PeerLinkStore.peer`). Silent past
 * `dormantAfterMs`, the link is marked dormant once (a chain event and a
 * notice in the home rooms; `federation show` says since when); its open
 * referrals stay as they are (decided at home, the decisions wait in the
 * outbox; the copies expire at their deadlines, nothing counts as rejected).
 * Silent past `sovereignAfterMs`, the assembly is sovereign: the edge ends at
 * home as by its own `federation-leave` (`leaveEdge`), with a
 * `federation.sovereign` chain event, and the link is closed, so a later
 * heartbeat from the parent does not revive it. Heard again before that, the
 * dormant mark clears and is announced. One transaction per link; running it
 * twice changes nothing more.
 */
export async function sweepRemoteParents(deps: CoreDeps, policy: RemoteParentPolicy = DEFAULT_REMOTE_PARENT_POLICY, limit = 1000): Promise<DormancySweep> {
  const out = { dormant: [] as string[], back: [] as string[], sovereign: [] as string[] };
  const links = await deps.store.read.remotes.mirrorsFrom('parent-link', '', limit);
  for (const link of links) {
    if ((link.data as unknown as ParentLinkData).status !== 'joined') continue;
    const what = await deps.store.transaction((tx) => sweepOne(tx, deps, policy, link.remote));
    if (what) out[what].push(link.localId);
  }
  return out;
}

async function sweepOne(tx: StoreTx, deps: CoreDeps, policy: RemoteParentPolicy, remote: string): Promise<keyof DormancySweep | null> {
  const m = await tx.remotes.mirror('parent-link', remote);
  const data = m?.data as unknown as ParentLinkData | undefined;
  if (!m || !data || data.status !== 'joined' || !data.edgeId || !data.federationId) return null;
  const peer = await tx.links.peer(data.deployment);
  const assembly = await tx.assembly(asAssemblyId(m.localId));
  if (!peer || !assembly) return null;
  const now = deps.clock.now();
  const heard = peer.lastHeartbeatAt ?? peer.createdAt;
  const silent = now.getTime() - heard.getTime();
  const t = roomSpeech(assembly.policy);
  const tell = async (key: string, title: string, body: string) => {
    const message = publicMessage(title, body, { tone: 'warning' });
    const k = `remote-parent.${key}.${assembly.id}`;
    await tx.relay.enqueueMany(sendRows([{ bindings: await tx.bindingsOf(assembly.id), key: k, message }], k));
  };
  const base = { parent: data.parentAssembly, deployment: data.deployment, lastHeard: heard.toISOString() };
  if (silent >= policy.sovereignAfterMs) {
    const edge = await tx.activeEdge(asFederationId(data.federationId), assembly.id);
    const since = data.dormantSince ?? new Date(heard.getTime() + policy.dormantAfterMs).toISOString();
    if (!edge || edge.id !== data.edgeId) {
      await tx.remotes.updateMirror('parent-link', remote, { ...data, status: 'sovereign', endedAt: now.toISOString() });
      return null;
    }
    await leaveEdge(tx, assembly, edge, now, null, node('fed.access.reason.sovereign', { assembly: assembly.name }));
    await tx.appendEvent(assembly.id, { type: 'federation.sovereign', actorId: null, payload: { ...base, federation: data.federation, dormantSince: since } }, now);
    await tell(`sovereign.${edge.id}`, t.t('fed.remote.sovereign.title', { assembly: assembly.name, parent: data.parentName }), t.t('fed.remote.sovereign.body', { since: heard }));
    return 'sovereign';
  }
  if (silent >= policy.dormantAfterMs) {
    if (data.dormantSince) return null;
    const since = new Date(heard.getTime() + policy.dormantAfterMs);
    await tx.remotes.updateMirror('parent-link', remote, { ...data, dormantSince: since.toISOString(), lastHeard: heard.toISOString() });
    await tx.appendEvent(assembly.id, { type: 'federation.parent-dormant', actorId: null, payload: { ...base, since: since.toISOString() } }, now);
    const days = Math.max(1, Math.ceil((policy.sovereignAfterMs - silent) / DAY));
    await tell(`dormant.${String(heard.getTime())}`, t.t('fed.remote.dormant.title', { parent: data.parentName }), t.t('fed.remote.dormant.body', { parent: data.parentName, since: heard, days }));
    return 'dormant';
  }
  if (!data.dormantSince) return null;
  const { dormantSince, lastHeard: _, ...rest } = data;
  await tx.remotes.updateMirror('parent-link', remote, { ...rest });
  await tx.appendEvent(assembly.id, { type: 'federation.parent-back', actorId: null, payload: { ...base, dormantSince } }, now);
  await tell(`back.${dormantSince}`, t.t('fed.remote.back.title', { parent: data.parentName }), t.t('fed.remote.back.body'));
  return 'back';
}
