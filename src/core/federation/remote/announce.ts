import type { AnnounceDirectory, AnnounceFederation, AnnounceMember } from '../../ports/federation-link.port.js';
import type { Mirror } from '../../ports/remote-mirror.port.js';
import type { Store, StoreTx } from '../../ports/store.port.js';
import { asFederationId } from '../../shared/ids.js';
import type { ChildProxyData } from './parent.js';

/** What the root deployment keeps about a federation's announce room (`announce-room` mirror `root:<federation>`, localId the room). */
export interface AnnounceRoomData {
  readonly federation: string;
  readonly members: Readonly<Record<string, { readonly botUserId: string; readonly status: AnnounceMember['status'] }>>;
}

const rootKey = (federation: string): string => `root:${federation}`;

/** The root's announce room of a federation, with the deployments whose bot is in it (for the adoption, in its transaction). */
export async function announceRoomOf(tx: StoreTx, federation: string): Promise<{ readonly roomId: string; readonly joined: ReadonlySet<string> } | null> {
  const m = await tx.remotes.mirror('announce-room', rootKey(federation));
  if (!m) return null;
  const data = m.data as unknown as AnnounceRoomData;
  return { roomId: m.localId, joined: new Set(Object.entries(data.members).filter(([, v]) => v.status === 'joined').map(([k]) => k)) };
}

/**
 * `AnnounceDirectory` over the store's mirrors: the federations with remote
 * children come from the parent's proxies of them (`child-proxy`, one per
 * accepted link), their bots from the peers' rows.
 */
export function announceDirectory(store: Store): AnnounceDirectory {
  const reads = store.read;
  return {
    async federations(limit) {
      const byFederation = new Map<string, Map<string, string>>();
      const names = new Map<string, string | null>();
      for (const p of await reads.remotes.mirrorsFrom('child-proxy', '', 10_000)) {
        const data = p.data as unknown as ChildProxyData;
        if (!names.has(data.federationId)) names.set(data.federationId, (await reads.federation(asFederationId(data.federationId)))?.name ?? null);
        const name = names.get(data.federationId);
        const peer = await store.links.peer(data.deployment);
        if (!name || !peer) continue;
        const children = byFederation.get(name) ?? new Map<string, string>();
        children.set(data.deployment, peer.botUserId);
        byFederation.set(name, children);
        if (byFederation.size > limit) break;
      }
      const out: AnnounceFederation[] = [];
      for (const [federation, children] of [...byFederation].slice(0, limit)) {
        const m: Mirror | null = await reads.remotes.mirror('announce-room', rootKey(federation));
        const data = m?.data as unknown as AnnounceRoomData | undefined;
        out.push({
          federation,
          roomId: m?.localId ?? null,
          members: Object.entries(data?.members ?? {}).map(([deployment, v]) => ({ deployment, ...v })),
          children: [...children].map(([deployment, botUserId]) => ({ deployment, botUserId })),
        });
      }
      return out;
    },
    opened: (federation, roomId, now) => store.transaction((tx) => tx.remotes.putMirror({ kind: 'announce-room', remote: rootKey(federation), localId: roomId, data: { federation, members: {} } }, now)),
    member: (federation, member) =>
      store.transaction(async (tx) => {
        const m = await tx.remotes.mirror('announce-room', rootKey(federation));
        if (!m) return;
        const data = m.data as unknown as AnnounceRoomData;
        if (data.members[member.deployment]?.status === 'joined') return;
        await tx.remotes.updateMirror('announce-room', m.remote, { ...data, members: { ...data.members, [member.deployment]: { botUserId: member.botUserId, status: member.status } } });
      }),
    entered: async (roomId, federation, rootDeployment, now) => {
      await store.transaction((tx) => tx.remotes.putMirror({ kind: 'announce-room', remote: `member:${roomId}`, localId: roomId, data: { federation, root: rootDeployment } }, now));
    },
    isAnnounceRoom: async (roomId) => (await reads.remotes.mirrorsOf('announce-room', [roomId])).length > 0,
  };
}
